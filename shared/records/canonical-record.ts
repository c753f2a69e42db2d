import { z } from 'zod';
import { entityNames, type EntityName } from './entities';

/**
 * One record in the canonical model, as sources emit and destinations accept it (ARCHITECTURE.md §4).
 * `data` follows `canonical-fields.ts` (money as decimal strings, dates `YYYY-MM-DD`); `raw` keeps the provider's
 * own fields, named exactly as its API names them, for custom mappings.
 */
export interface CanonicalRecord<D extends Record<string, unknown> = Record<string, unknown>> {
  readonly entity: EntityName;
  /** The record's id in its own system (for a tax rate or stock level: its code). */
  readonly sourceId: string;
  /** When the source last changed it (ISO 8601), the basis of delta reads. */
  readonly updatedAt: string | undefined;
  readonly data: D;
  readonly raw: Record<string, unknown>;
}

/** The record's schema for the contract (the inspector's samples). */
export const canonicalRecordSchema = z.object({
  entity: z.enum(entityNames),
  sourceId: z.string(),
  updatedAt: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  raw: z.record(z.string(), z.unknown()),
});
