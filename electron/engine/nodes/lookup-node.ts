import { createError } from '../../../shared/errors/ledgerflow-error';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import type { EntityName } from '../../../shared/records/entities';
import { nodeTitle, withData, type FlowItem, type NodeOutput, type TransformNode } from './flow-item';
import { getPath, setPath, updatePath } from '../../../shared/records/record-paths';

type LookupNodeConfig = Extract<FlowNode, { type: 'lookup' }>;

/** A reference a lookup could resolve only to a record this very run creates: filled in when it is written. */
export interface PendingRef {
  readonly $lfRef: { readonly node: string; readonly key: string };
}

/** What a lookup found for one value. */
export type LookupHit =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'pending'; readonly ref: PendingRef }
  | { readonly kind: 'missing' };

/**
 * Resolves values to ids in the other system: the id map first, then records this run plans to create, then
 * the connector (`fetch` by the match key), cached for the run. Implemented by the run (plan/lookup-resolver.ts).
 */
export interface LookupResolver {
  resolve(
    entity: EntityName,
    connectionId: string,
    matchOn: string,
    values: readonly string[],
  ): Promise<ReadonlyMap<string, LookupHit>>;
}

/**
 * A lookup: finds the counterpart of a reference (an invoice's customer) in the other system and writes its id
 * into the record. One resolver call per page (batched), never one per record. A path across a list
 * (`lines.itemCode`) resolves every element's value (a sales order's articles) and writes each result beside it;
 * elements without the value are left alone, and one value not found settles the whole record (`onMissing`).
 */
export class LookupNode implements TransformNode {
  readonly type = 'lookup' as const;
  readonly id: string;
  private readonly from: string;
  private readonly into: string;
  private readonly matchOn: string;

  constructor(
    private readonly node: LookupNodeConfig,
    readonly entity: EntityName,
    readonly connectionId: string,
    private readonly resolver: LookupResolver,
  ) {
    this.id = node.id;
    if (!node.config.from)
      throw createError('LF-3003', `Lookup ${nodeTitle(node)} has no 'from' field chosen`, { node: node.id });
    this.from = node.config.from;
    this.into = node.config.into ?? node.config.from;
    this.matchOn = node.config.matchOn ?? 'id';
  }

  async process(items: readonly FlowItem[]): Promise<NodeOutput> {
    const valueOf = (item: FlowItem) => {
      const v = getPath(item.record.data, this.from);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    };
    const listOf = (item: FlowItem) => {
      const v = getPath(item.record.data, this.from);
      return Array.isArray(v) ? v.filter(isKey).map(String) : undefined;
    };
    const values = [...new Set(items.flatMap((i) => listOf(i) ?? valueOf(i) ?? []).filter((v) => v !== ''))];
    const hits = values.length
      ? await this.resolver.resolve(this.entity, this.connectionId, this.matchOn, values)
      : new Map<string, LookupHit>();
    const passed: FlowItem[] = [];
    const rejected: NodeOutput['rejected'][number][] = [];
    const onMissing = this.node.config.onMissing ?? 'fail';
    for (const item of items) {
      if (listOf(item)) {
        const out = this.resolveList(item, hits, onMissing);
        if ('reason' in out) rejected.push(out);
        else passed.push(out);
        continue;
      }
      const value = valueOf(item);
      const hit = value === undefined ? undefined : hits.get(value);
      if (hit?.kind === 'id') passed.push(withData(item, setPath(item.record.data, this.into, hit.id)));
      else if (hit?.kind === 'pending')
        passed.push(withData(item, setPath(item.record.data, this.into, hit.ref)));
      else if (onMissing === 'empty')
        passed.push(withData(item, setPath(item.record.data, this.into, undefined)));
      else {
        const reason =
          value === undefined
            ? `Lookup ${nodeTitle(this.node)}: the record has no ${this.from}`
            : `Lookup ${nodeTitle(this.node)}: no ${this.entity} with ${this.matchOn} '${value}' in the destination (LF-3006)`;
        rejected.push({ item, action: onMissing === 'skip' ? 'skip' : 'invalid', reason, node: this.id });
      }
    }
    return { passed, rejected };
  }

  /** A lookup across a list: each element's value resolved and written beside it, in one copy of the record. */
  private resolveList(
    item: FlowItem,
    hits: ReadonlyMap<string, LookupHit>,
    onMissing: 'fail' | 'skip' | 'empty',
  ): FlowItem | NodeOutput['rejected'][number] {
    const fromParts = this.from.split('.');
    const intoParts = this.into.split('.');
    const parent = fromParts.slice(0, -1).join('.');
    if (parent !== intoParts.slice(0, -1).join('.'))
      return {
        item,
        action: 'invalid',
        reason: `Lookup ${nodeTitle(this.node)}: '${this.from}' crosses a list, so 'into' must sit beside it (${parent}.…)`,
        node: this.id,
      };
    const fromLeaf = fromParts.at(-1)!;
    const intoLeaf = intoParts.at(-1)!;
    const missing = new Set<string>();
    const element = (el: unknown): unknown => {
      if (Array.isArray(el)) return el.map(element);
      if (el === null || typeof el !== 'object') return el;
      const value = (el as Record<string, unknown>)[fromLeaf];
      if (!isKey(value) || String(value) === '') return el;
      const hit = hits.get(String(value));
      if (hit?.kind === 'id') return setPath(el as Record<string, unknown>, intoLeaf, hit.id);
      if (hit?.kind === 'pending') return setPath(el as Record<string, unknown>, intoLeaf, hit.ref);
      missing.add(String(value));
      return onMissing === 'empty' ? setPath(el as Record<string, unknown>, intoLeaf, undefined) : el;
    };
    const data = updatePath(item.record.data, parent, element);
    if (missing.size === 0 || onMissing === 'empty') return withData(item, data);
    const list = [...missing].map((v) => `'${v}'`).join(', ');
    return {
      item,
      action: onMissing === 'skip' ? 'skip' : 'invalid',
      reason: `Lookup ${nodeTitle(this.node)}: no ${this.entity} with ${this.matchOn} ${list} in the destination (LF-3006)`,
      node: this.id,
    };
  }
}

const isKey = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** Whether a value is a pending reference. */
export function isPendingRef(value: unknown): value is PendingRef {
  return value !== null && typeof value === 'object' && '$lfRef' in value;
}
