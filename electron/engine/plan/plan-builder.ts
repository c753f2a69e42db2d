import { entityLabels } from '../../../shared/records/entities';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { ConnectionGateway } from '../connection-gateway';
import type { DestinationStage } from '../graph/flow-compiler';
import type { FlowItem, Rejection } from '../nodes/flow-item';
import type { NewPlanItem, StateStore } from '../state/state-store';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { decideConflict } from './conflict-policy';
import { DestinationIndex } from './destination-index';
import type { PendingCreates } from './lookup-resolver';
import { PlanReviewer, type ReviewablePlanItem, type ReviewInput } from './plan-review';
import {
  buildPayload,
  diffRecord,
  missingRequired,
  writableFields,
  type WritableFields,
} from './record-diff';

/** Keys that name the id map rather than a field of the destination. */
const idMapKeys = new Set(['externalId', 'id']);

/** What a planner needs from its run. */
export interface PlannerContext {
  readonly store: StateStore;
  readonly runId: string;
  readonly flowId: string;
  readonly stage: DestinationStage;
  readonly gateway: ConnectionGateway;
  readonly pending: PendingCreates;
  readonly signal?: AbortSignal;
}

/**
 * Plans one destination, page by page (ARCHITECTURE §5.3): matches each record (the id map first, then the
 * configured match keys through `fetch`, batched per page), builds the payload, validates it against the
 * destination's rules (required fields from describe(), known tax codes, an existing contact), diffs it field by
 * field and line by line, and decides create / update / unchanged / skip / invalid with the reason.
 */
export class DestinationPlanner {
  private readonly fields: WritableFields;
  private readonly matchKeys: readonly string[];
  private readonly seen = new Set<string>();
  private readonly claimedTargets = new Map<string, string>();
  private taxCodes: Promise<ReadonlySet<string> | undefined> | undefined;
  private taxCodeSet: ReadonlySet<string> | undefined;
  private readonly knownContacts = new Map<string, boolean>();
  /** Whether the destination lets Ledgerflow read this entity back (eAccounting payments: write only). */
  private readonly canRead: boolean;
  /** The destination's records as this run finds them (value by value, or its whole list read once). */
  private readonly index: DestinationIndex;
  private readonly reviewer: PlanReviewer;

  constructor(private readonly ctx: PlannerContext) {
    const description = ctx.gateway.describe().entities.find((e) => e.entity === ctx.stage.entity);
    if (!description)
      throw new Error(`${ctx.gateway.describe().system} does not describe ${ctx.stage.entity}`);
    this.fields = writableFields(description);
    this.canRead = description.capabilities.read;
    this.matchKeys = (ctx.stage.match ?? description.capabilities.matchKeys).filter((k) => !idMapKeys.has(k));
    this.index = DestinationIndex.for(ctx.gateway, ctx.stage.entity);
    this.index.want(this.matchKeys);
    this.reviewer = new PlanReviewer({
      gateway: ctx.gateway,
      entity: ctx.stage.entity,
      fields: this.fields,
      signal: ctx.signal,
    });
  }

  /** The destination's match keys that are fields (for reconciling journalled creates). */
  get fieldMatchKeys(): readonly string[] {
    return this.matchKeys;
  }

  /** The payload the destination would receive for a record's data. */
  payloadOf(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return buildPayload(data, this.fields);
  }

  async planPage(items: readonly FlowItem[], rejections: readonly Rejection[]): Promise<NewPlanItem[]> {
    const { stage } = this.ctx;
    const destNode = stage.node.id;
    const entity = stage.entity;
    const out: ReviewablePlanItem[] = [];
    // What the plan review needs of each item of `out` (same index): the mapped record, payload and target.
    const inputs: ReviewInput[] = [];
    let input: ReviewInput;
    // Every plan item is built by this one function, so they all share one shape (the review's fields too, which
    // PlanReviewer fills in place).
    const planned = (
      item: FlowItem,
      orderKey: string,
      action: NewPlanItem['action'],
      reason: string | undefined,
      targetId: string | undefined,
      diff: NewPlanItem['diff'],
      payload: NewPlanItem['payload'],
    ): void => {
      out.push({
        destNode,
        entity,
        sourceNode: item.sourceNode,
        recordKey: item.key,
        orderKey,
        action,
        reason,
        targetId,
        diff,
        payload,
        label: undefined,
        subtitle: undefined,
        record: undefined,
        money: undefined,
        flags: undefined,
      });
      inputs.push(input);
    };
    for (const r of rejections) {
      if (this.seen.has(r.item.key)) continue;
      this.seen.add(r.item.key);
      input = { data: r.item.record.data, payload: undefined, targetId: undefined };
      planned(r.item, r.item.key, r.action, r.reason, undefined, undefined, undefined);
    }
    // A delta read may see a record twice (the one-second overlap); plan it once.
    const fresh = items.filter((i) => !this.seen.has(i.key) && (this.seen.add(i.key), true));
    if (fresh.length === 0) return this.reviewer.review(out, inputs);
    const payloads = fresh.map((i) => buildPayload(i.record.data, this.fields));
    const { targets, lastSync } = await this.match(fresh, payloads);
    await this.prepareChecks(payloads);
    for (const [i, item] of fresh.entries()) {
      const payload = payloads[i]!;
      const target = targets[i];
      input = { data: item.record.data, payload, targetId: target?.sourceId };
      const problems = this.validate(payload, target === undefined);
      if (problems.length) {
        planned(
          item,
          target?.sourceId ?? item.key,
          'invalid',
          problems.join('; '),
          target?.sourceId,
          undefined,
          payload,
        );
        continue;
      }
      if (!target) {
        this.ctx.pending.add(
          entity,
          stage.connection.connectionId,
          destNode,
          item.key,
          payload,
          this.matchKeys,
        );
        planned(item, `new:${item.key}`, 'create', undefined, undefined, 'payload', payload);
        continue;
      }
      if (!this.canRead) {
        planned(
          item,
          target.sourceId,
          'skip',
          `already written as ${target.sourceId}; ${systemLabel(stage.connection.system)} does not let Ledgerflow read ${entityLabels[entity].many} back, so it is neither compared nor written again`,
          target.sourceId,
          undefined,
          undefined,
        );
        continue;
      }
      const claimedBy = this.claimedTargets.get(target.sourceId);
      if (claimedBy !== undefined && claimedBy !== item.key) {
        planned(
          item,
          target.sourceId,
          'skip',
          `matches the same ${entity} (${target.sourceId}) as record '${claimedBy}'`,
          target.sourceId,
          undefined,
          undefined,
        );
        continue;
      }
      this.claimedTargets.set(target.sourceId, item.key);
      this.ctx.pending.add(
        entity,
        stage.connection.connectionId,
        destNode,
        item.key,
        payload,
        this.matchKeys,
        target.sourceId,
      );
      if (stage.onExisting === 'skip') {
        planned(
          item,
          target.sourceId,
          'skip',
          `already in the destination as ${target.sourceId}; this destination does not update existing records`,
          target.sourceId,
          undefined,
          undefined,
        );
        continue;
      }
      const { changes, update } = diffRecord(payload, target.data, stage.createOnlyFields);
      const verdict =
        changes.length && stage.conflictPolicy
          ? decideConflict({
              policy: stage.conflictPolicy,
              sourceSystem: systemLabel(stage.feeders.get(item.sourceNode)?.system),
              destinationSystem: systemLabel(stage.connection.system),
              sourceChangedAt: item.record.updatedAt,
              targetChangedAt: target.updatedAt,
              lastSync: lastSync.get(item.key),
            })
          : undefined;
      if (verdict?.action === 'skip') {
        // No target id: a live run links matched targets in the id map, which would move the pair's last sync
        // and make the next read of an unchanged side look like a change. Left out, the same decision is made
        // until one side changes again. The diff shows what differs between the two versions.
        planned(item, target.sourceId, 'skip', verdict.reason, undefined, changes, undefined);
        continue;
      }
      planned(
        item,
        target.sourceId,
        changes.length ? 'update' : 'unchanged',
        verdict?.reason,
        target.sourceId,
        changes,
        changes.length ? update : undefined,
      );
    }
    // Labels, money and flags for the plan review (plan-review.ts).
    return this.reviewer.review(out, inputs);
  }

  /**
   * The destination record of each item (undefined when it has none yet) and, for a destination with a conflict
   * policy, when each pair was last synced (by item key).
   */
  private async match(
    items: readonly FlowItem[],
    payloads: readonly Record<string, unknown>[],
  ): Promise<{ targets: Array<CanonicalRecord | undefined>; lastSync: ReadonlyMap<string, number> }> {
    const { store, flowId, stage, signal } = this.ctx;
    // A destination that skips existing records needs only to know which they are, not what they hold.
    const partial = stage.onExisting === 'skip';
    const result: Array<CanonicalRecord | undefined> = items.map(() => undefined);
    const keys = items.map((i) => i.key);
    const lastSync = new Map<string, number>();
    const mapped = stage.conflictPolicy
      ? this.syncedPairs(keys, lastSync)
      : store.idMapGet(flowId, stage.node.id, stage.entity, keys);
    if (!this.canRead) {
      // Nothing can be fetched back: the id map alone says what was written (and no match key can be asked).
      items.forEach((item, i) => {
        const id = mapped.get(item.key);
        if (id !== undefined)
          result[i] = { entity: stage.entity, sourceId: id, updatedAt: undefined, data: {}, raw: {} };
      });
      return { targets: result, lastSync };
    }
    if (mapped.size) {
      const found = await this.index.fetch({ ids: [...new Set(mapped.values())] }, signal, partial);
      const byId = new Map(found.map((r) => [r.sourceId, r]));
      items.forEach((item, i) => {
        const id = mapped.get(item.key);
        // A target deleted in the destination falls through to the match keys (and may be created again).
        if (id !== undefined) result[i] = byId.get(id);
      });
    }
    for (const key of this.matchKeys) {
      const open = items.map((_, i) => i).filter((i) => result[i] === undefined && scalar(payloads[i]![key]));
      if (open.length === 0) continue;
      const values = [...new Set(open.map((i) => String(payloads[i]![key])))];
      const found = await this.index.fetch({ key, values }, signal, partial);
      const byValue = new Map<string, CanonicalRecord[]>();
      for (const r of found) {
        const v = r.data[key];
        if (!scalar(v)) continue;
        const slot = String(v).toLowerCase();
        byValue.set(slot, [...(byValue.get(slot) ?? []), r]);
      }
      for (const i of open) {
        const candidates = byValue.get(String(payloads[i]![key]).toLowerCase()) ?? [];
        // Prefer an active record when look-alikes exist (an archived duplicate is not the one to update).
        const active = candidates.filter((c) => c.data.isActive !== false);
        const pick = (active.length ? active : candidates)[0];
        if (pick) result[i] = pick;
      }
    }
    return { targets: result, lastSync };
  }

  /**
   * The id map with the time of each pair's last sync, for a destination with a conflict policy: this
   * destination's own rows, then, in a two-way flow, the opposite direction's rows whose target is the item (a
   * record that direction created or matched here is matched back to where it came from, never created again:
   * no echo). A pair's last sync is the later of the two directions' times.
   */
  private syncedPairs(keys: readonly string[], lastSync: Map<string, number>): Map<string, string> {
    const { store, flowId, stage } = this.ctx;
    const mapped = new Map<string, string>();
    for (const row of store.idMapRows(flowId, stage.node.id, stage.entity, 'source', keys)) {
      mapped.set(row.sourceKey, row.targetId);
      lastSync.set(row.sourceKey, row.updatedAt);
    }
    for (const mirror of stage.mirrors)
      for (const row of store.idMapRows(flowId, mirror, stage.entity, 'target', keys)) {
        const key = row.targetId;
        const known = mapped.get(key);
        if (known !== undefined && known !== row.sourceKey) continue;
        mapped.set(key, row.sourceKey);
        lastSync.set(key, Math.max(lastSync.get(key) ?? 0, row.updatedAt));
      }
    return mapped;
  }

  /** Loads what validation needs for this page: tax codes (once per run) and referenced contacts. */
  private async prepareChecks(payloads: readonly Record<string, unknown>[]): Promise<void> {
    const { gateway, signal } = this.ctx;
    if (payloads.some(hasTaxCodes)) {
      this.taxCodes ??= this.loadTaxCodes();
      this.taxCodeSet = await this.taxCodes;
    }
    const contactIds = [
      ...new Set(payloads.map(contactIdOf).filter((id): id is string => !!id && !this.knownContacts.has(id))),
    ];
    if (contactIds.length && gateway.describe().entities.some((e) => e.entity === 'contact')) {
      const found = new Set(
        (await DestinationIndex.for(gateway, 'contact').fetch({ ids: contactIds }, signal, true)).map(
          (r) => r.sourceId,
        ),
      );
      for (const id of contactIds) this.knownContacts.set(id, found.has(id));
    }
  }

  private async loadTaxCodes(): Promise<ReadonlySet<string> | undefined> {
    // One read of the tax rates per run, shared with the plan review (which needs their rates).
    const rates = await this.reviewer.taxRates();
    return rates && new Set(rates.keys());
  }

  private validate(payload: Readonly<Record<string, unknown>>, isCreate: boolean): string[] {
    const problems = missingRequired(payload, this.fields, isCreate);
    for (let i = 0; i < problems.length; i++) problems[i] = `${problems[i]} is required`;
    const codes = this.taxCodeSet;
    if (codes) {
      const used = taxCodesOf(payload);
      if (used.length)
        for (const code of new Set(used))
          if (!codes.has(code)) problems.push(`tax code '${code}' is not known in the destination`);
    }
    const contactId = contactIdOf(payload);
    if (contactId && this.knownContacts.get(contactId) === false)
      problems.push(`the contact ${contactId} does not exist in the destination`);
    return problems;
  }
}

const systemLabel = (system: keyof typeof connectorDescriptors | undefined): string =>
  system ? connectorDescriptors[system].label : 'the source';

const scalar = (v: unknown): v is string | number =>
  (typeof v === 'string' && v !== '') || typeof v === 'number';

function hasTaxCodes(payload: Readonly<Record<string, unknown>>): boolean {
  if (typeof payload.taxCode === 'string') return true;
  return (
    Array.isArray(payload.lines) &&
    payload.lines.some((l) => typeof (l as Record<string, unknown> | null)?.taxCode === 'string')
  );
}

function taxCodesOf(payload: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  if (typeof payload.taxCode === 'string') out.push(payload.taxCode);
  if (Array.isArray(payload.lines))
    for (const l of payload.lines) {
      const code = (l as Record<string, unknown> | null)?.taxCode;
      if (typeof code === 'string') out.push(code);
    }
  return out;
}

function contactIdOf(payload: Readonly<Record<string, unknown>>): string | undefined {
  const c = payload.contact;
  if (c === null || typeof c !== 'object') return undefined;
  const id = (c as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}
