import type { EntityCapabilities } from '../../kit/connector';
import type { RestResource } from '../../kit/resource-connector';
import type { VismaNetClient } from '../visma-net-client';

/** One Visma.net entity. `resources/<entity>.ts` each export one. */
export type VismaNetResource = RestResource<VismaNetClient>;

/**
 * Capabilities of a Visma.net list: one request per record (no batch endpoints), numbered pages (or one answer
 * for the lookups spec D declares without `pageNumber`/`pageSize`).
 */
export const vismaNetCapabilities = (
  matchKeys: readonly string[],
  o: { write: boolean; delta: boolean; maxPageSize?: number; paged?: boolean },
): EntityCapabilities => ({
  read: true,
  write: o.write,
  batchSize: 1,
  idempotency: false,
  delta: o.delta ? 'modified-since' : 'none',
  paging: o.paged === false ? 'none' : 'page',
  maxPageSize: o.maxPageSize ?? 1000,
  matchKeys,
});
