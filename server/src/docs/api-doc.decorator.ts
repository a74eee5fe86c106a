import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC_KEY = 'sitroom:api-doc';

export interface ApiDoc {
  summary: string;
  /** The shared zod schema of the JSON body: the same one the route validates with. */
  body?: z.ZodType;
  /** Other accepted body types, e.g. `application/cap+xml`. */
  bodyTypes?: string[];
  query?: z.ZodType;
  /** Status → what it means, beyond the contract's error statuses. */
  responses?: Record<number, string>;
}

/** Describes a route for /api/docs. Routes without it are still listed (path, method, roles). */
export const Doc = (doc: ApiDoc) => SetMetadata(API_DOC_KEY, doc);
