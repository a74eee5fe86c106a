import { z } from 'zod';
import { BboxParam } from '@sitroom/shared';

/** The contract's list paging: `limit` (default 1000, at most 10000) and `offset`. */
export const ListQuery = z.object({
  bbox: BboxParam.optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(10_000, 'limit must be at most 10000').default(1000),
  offset: z.coerce.number({ error: 'offset must be a number' }).int('offset must be a whole number').min(0, 'offset must not be negative').default(0),
});
export type ListOptions = { limit: number; offset: number };

export function paginate<T>(items: T[], { limit, offset }: ListOptions): { items: T[]; total: number } {
  return { items: items.slice(offset, offset + limit), total: items.length };
}
