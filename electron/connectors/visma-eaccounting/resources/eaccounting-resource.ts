import type { EntityCapabilities } from '../../kit/connector';
import type { RestResource } from '../../kit/resource-connector';
import type { EaccountingClient } from '../eaccounting-client';

/** One eAccounting entity. `resources/<entity>.ts` each export one. */
export type EaccountingResource = RestResource<EaccountingClient>;

/** The largest `$pagesize` Ledgerflow asks for (the API's maximum is not published, §1.4; the sandbox caps at 1000). */
export const EACCOUNTING_MAX_PAGE_SIZE = 1000;

/** Capabilities of an eAccounting list. No batch endpoints and no idempotency keys: one request per record. */
export const eaccountingCapabilities = (
  matchKeys: readonly string[],
  o: { write: boolean; delta: boolean; read?: boolean },
): EntityCapabilities => ({
  read: o.read ?? true,
  write: o.write,
  batchSize: 1,
  idempotency: false,
  delta: o.delta ? 'modified-since' : 'none',
  paging: 'page',
  maxPageSize: EACCOUNTING_MAX_PAGE_SIZE,
  matchKeys,
});
