import type { CallOutput } from '../../shared/contract/contract-registry';

/** A flow as the flows list shows it (the contract's summary). */
export type FlowSummary = CallOutput<'flows.list'>['flows'][number];
/** A stored flow with its problems, as `flows.get` returns it. */
export type StoredFlow = CallOutput<'flows.get'>;
/** One problem of a flow, located by JSON path. */
export type FlowProblemItem = StoredFlow['problems'][number];
