import { z } from 'zod';
import { RESOURCE_TYPES, type ResourceTypeId } from './taxonomy.js';

export const RESOURCE_TYPE_IDS = RESOURCE_TYPES.map((r) => r.id) as [ResourceTypeId, ...ResourceTypeId[]];

export const ResourceType = z.enum(RESOURCE_TYPE_IDS, { error: 'resourceType must be one of the resource types in /api/taxonomy' });

/** The unit a resource type is counted in: offers and needs of a type always use it, so they compare. */
export function unitOf(type: ResourceTypeId): string {
  return RESOURCE_TYPES.find((r) => r.id === type)!.unit;
}

export function resourceLabel(type: string): string {
  return RESOURCE_TYPES.find((r) => r.id === type)?.label ?? type;
}

export const QUANTITY_MAX = 1_000_000_000;

/**
 * Whole units only: the taxonomy's units are chosen so that whole numbers make sense (litres, kW,
 * seats), and whole numbers keep "remaining" exact under any number of commitments.
 */
export const Quantity = z
  .number({ error: 'quantity must be a number' })
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(QUANTITY_MAX, `quantity must be at most ${QUANTITY_MAX}`);

/** A `unit` sent with an offer or need is optional, but when present it must be the type's own unit. */
export function checkUnit(type: ResourceTypeId, unit: string | undefined, ctx: z.RefinementCtx): void {
  if (unit === undefined || unit === unitOf(type)) return;
  ctx.addIssue({ code: 'custom', path: ['unit'], message: `unit for ${type} must be "${unitOf(type)}"` });
}

/** A comma-separated status filter (`?status=a,b`) over a list of allowed statuses. */
export function statusFilter<const T extends readonly [string, ...string[]]>(statuses: T) {
  return z
    .string()
    .transform((s, ctx) => {
      const parts = s.split(',').map((x) => x.trim());
      if (parts.every((p) => statuses.includes(p))) return parts as T[number][];
      ctx.addIssue({ code: 'custom', message: `status must be any of ${statuses.join(', ')}` });
      return z.NEVER;
    })
    .optional();
}
