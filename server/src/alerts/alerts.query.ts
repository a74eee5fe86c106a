import { z } from 'zod';
import { ALERT_STATES, CAP_STATUSES } from '@sitroom/shared';
import { ListQuery } from '../changes/paging.js';

const list = <T extends readonly [string, ...string[]]>(values: T, name: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(values, { error: `${name} must be a comma-separated list of ${values.join(', ')}` })))
    .optional();

/** `GET /api/alerts`: paging and bbox, `state` (active, cancelled, expired, superseded) and CAP `status`. */
export const AlertListQuery = ListQuery.extend({ state: list(ALERT_STATES, 'state'), status: list(CAP_STATUSES, 'status') });
export type AlertListQuery = z.output<typeof AlertListQuery>;
