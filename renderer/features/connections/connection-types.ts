import type { CallOutput } from '../../../shared/contract/contract-registry';

/** A connection as the host lists it (never a secret). */
export type ConnectionItem = CallOutput<'connections.list'>['connections'][number];
