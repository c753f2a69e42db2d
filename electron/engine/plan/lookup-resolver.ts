import type { EntityName } from '../../../shared/records/entities';
import type { ConnectionGateway } from '../connection-gateway';
import { DestinationIndex } from './destination-index';
import type { LookupHit, LookupResolver } from '../nodes/lookup-node';
import type { StateStore } from '../state/state-store';

/**
 * Records this run has planned at its destinations, indexed so a lookup further down can point at them: a
 * planned create before it exists (a pending reference), a matched record by its id even before the id map
 * links it (a shadow run never links, and a live run links only after planning).
 */
export class PendingCreates {
  /** (entity, connection, key) → value (lower-cased except for `id`) → the planned record. */
  private readonly index = new Map<string, Map<string, PendingRef>>();
  /** The (entity, connection) pairs some lookup asks for; undefined: all of them. */
  private wanted: ReadonlySet<string> | undefined;

  /**
   * Indexes only records of these (entity, connection) pairs: the ones the flow's lookups resolve against, as
   * nothing else ever asks (a flow without lookups keeps no index at all).
   */
  indexOnly(pairs: Iterable<{ readonly entity: EntityName; readonly connectionId: string }>): void {
    this.wanted = new Set([...pairs].map((p) => `${p.entity}\u0000${p.connectionId}`));
  }

  /** Registers a planned record under its source key and its match-key values. */
  add(
    entity: EntityName,
    connectionId: string,
    node: string,
    recordKey: string,
    payload: Readonly<Record<string, unknown>>,
    matchKeys: readonly string[],
    targetId?: string,
  ): void {
    if (this.wanted && !this.wanted.has(`${entity}\u0000${connectionId}`)) return;
    const ref: PendingRef = targetId ? { node, key: recordKey, targetId } : { node, key: recordKey };
    this.bucket(entity, connectionId, 'id').set(recordKey, ref);
    for (const k of matchKeys) {
      const v = payload[k];
      if (typeof v === 'string' || typeof v === 'number')
        this.bucket(entity, connectionId, k).set(k === 'id' ? String(v) : String(v).toLowerCase(), ref);
    }
  }

  get(entity: EntityName, connectionId: string, key: string, value: string) {
    return this.index
      .get(`${entity}\u0000${connectionId}\u0000${key}`)
      ?.get(key === 'id' ? value : value.toLowerCase());
  }

  private bucket(entity: string, connectionId: string, key: string): Map<string, PendingRef> {
    const slot = `${entity}\u0000${connectionId}\u0000${key}`;
    let bucket = this.index.get(slot);
    if (!bucket) this.index.set(slot, (bucket = new Map()));
    return bucket;
  }
}

interface PendingRef {
  readonly node: string;
  readonly key: string;
  readonly targetId?: string;
}

/**
 * The run's lookup resolver: the id map (when matching on the source id), then this run's planned creates, then
 * the destination itself (`fetch` by the match key, batched per page). Everything is cached for the run, misses
 * included, so a customer referenced by a thousand invoices costs one call.
 */
export class RunLookupResolver implements LookupResolver {
  private readonly cache = new Map<string, LookupHit>();
  private gateways: (connectionId: string) => Promise<ConnectionGateway> = () => {
    throw new Error('the lookup resolver has no gateways yet');
  };

  constructor(
    private readonly store: StateStore,
    private readonly flowId: string,
    private readonly pending: PendingCreates,
    private readonly signal?: AbortSignal,
  ) {}

  /** Set once the run's connections are open (the compiler needs the resolver before that). */
  useGateways(gateways: (connectionId: string) => Promise<ConnectionGateway>): void {
    this.gateways = gateways;
  }

  async resolve(
    entity: EntityName,
    connectionId: string,
    matchOn: string,
    values: readonly string[],
  ): Promise<ReadonlyMap<string, LookupHit>> {
    const slot = (v: string) => `${entity}\u0000${connectionId}\u0000${matchOn}\u0000${v}`;
    const out = new Map<string, LookupHit>();
    let open = values.filter((v) => {
      const hit = this.cache.get(slot(v));
      if (hit && hit.kind !== 'missing') out.set(v, hit);
      // A miss is asked again: a record planned since then may now be pending.
      return !hit || hit.kind === 'missing';
    });
    if (matchOn === 'id') {
      for (const [k, id] of this.store.idMapByConnection(this.flowId, entity, connectionId, open))
        out.set(k, { kind: 'id', id });
      open = open.filter((v) => !out.has(v));
    }
    for (const v of open) {
      const ref = this.pending.get(entity, connectionId, matchOn, v);
      if (ref?.targetId) out.set(v, { kind: 'id', id: ref.targetId });
      else if (ref) out.set(v, { kind: 'pending', ref: { $lfRef: { node: ref.node, key: ref.key } } });
    }
    open = open.filter((v) => !out.has(v) && !this.cache.has(slot(v)));
    if (open.length && matchOn !== 'id') {
      const index = DestinationIndex.for(await this.gateways(connectionId), entity);
      index.want([matchOn]);
      const found = await index.fetch({ key: matchOn, values: open }, this.signal, true);
      const byValue = new Map<string, string>();
      for (const r of found) {
        const v = r.data[matchOn];
        if (typeof v === 'string' || typeof v === 'number') byValue.set(String(v).toLowerCase(), r.sourceId);
      }
      for (const v of open) {
        const id = byValue.get(v.toLowerCase());
        if (id) out.set(v, { kind: 'id', id });
      }
    }
    for (const v of values) {
      const hit = out.get(v) ?? { kind: 'missing' as const };
      out.set(v, hit);
      if (hit.kind !== 'pending') this.cache.set(slot(v), hit);
    }
    return out;
  }
}
