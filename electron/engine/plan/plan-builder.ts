import type { EntityName } from '../../../shared/records/entities';
import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { ConnectionGateway } from '../connection-gateway';
import type { DestinationStage } from '../graph/flow-compiler';
import type { FlowItem, Rejection } from '../nodes/flow-item';
import type { NewPlanItem, StateStore } from '../state/state-store';
import type { PendingCreates } from './lookup-resolver';
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

  constructor(private readonly ctx: PlannerContext) {
    const description = ctx.gateway.describe().entities.find((e) => e.entity === ctx.stage.entity);
    if (!description)
      throw new Error(`${ctx.gateway.describe().system} does not describe ${ctx.stage.entity}`);
    this.fields = writableFields(description);
    this.matchKeys = (ctx.stage.match ?? description.capabilities.matchKeys).filter((k) => !idMapKeys.has(k));
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
    const out: NewPlanItem[] = [];
    // Every plan item is built by this one function, so they all share one shape.
    const planned = (
      item: FlowItem,
      orderKey: string,
      action: NewPlanItem['action'],
      reason: string | undefined,
      targetId: string | undefined,
      diff: NewPlanItem['diff'],
      payload: NewPlanItem['payload'],
    ): NewPlanItem => ({
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
    });
    for (const r of rejections) {
      if (this.seen.has(r.item.key)) continue;
      this.seen.add(r.item.key);
      out.push(planned(r.item, r.item.key, r.action, r.reason, undefined, undefined, undefined));
    }
    // A delta read may see a record twice (the one-second overlap); plan it once.
    const fresh = items.filter((i) => !this.seen.has(i.key) && (this.seen.add(i.key), true));
    if (fresh.length === 0) return out;
    const payloads = fresh.map((i) => buildPayload(i.record.data, this.fields));
    const targets = await this.match(fresh, payloads);
    await this.prepareChecks(payloads);
    for (const [i, item] of fresh.entries()) {
      const payload = payloads[i]!;
      const target = targets[i];
      const problems = this.validate(payload, target === undefined);
      if (problems.length) {
        out.push(
          planned(
            item,
            target?.sourceId ?? item.key,
            'invalid',
            problems.join('; '),
            target?.sourceId,
            undefined,
            payload,
          ),
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
        out.push(planned(item, `new:${item.key}`, 'create', undefined, undefined, 'payload', payload));
        continue;
      }
      const claimedBy = this.claimedTargets.get(target.sourceId);
      if (claimedBy !== undefined && claimedBy !== item.key) {
        out.push(
          planned(
            item,
            target.sourceId,
            'skip',
            `matches the same ${entity} (${target.sourceId}) as record '${claimedBy}'`,
            target.sourceId,
            undefined,
            undefined,
          ),
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
        out.push(
          planned(
            item,
            target.sourceId,
            'skip',
            `already in the destination as ${target.sourceId}; this destination does not update existing records`,
            target.sourceId,
            undefined,
            undefined,
          ),
        );
        continue;
      }
      const { changes, update } = diffRecord(payload, target.data, stage.createOnlyFields);
      out.push(
        planned(
          item,
          target.sourceId,
          changes.length ? 'update' : 'unchanged',
          undefined,
          target.sourceId,
          changes,
          changes.length ? update : undefined,
        ),
      );
    }
    return out;
  }

  /** The destination record of each item, or undefined when it has none yet. */
  private async match(
    items: readonly FlowItem[],
    payloads: readonly Record<string, unknown>[],
  ): Promise<Array<CanonicalRecord | undefined>> {
    const { store, flowId, stage, gateway, signal } = this.ctx;
    const result: Array<CanonicalRecord | undefined> = items.map(() => undefined);
    const mapped = store.idMapGet(
      flowId,
      stage.node.id,
      stage.entity,
      items.map((i) => i.key),
    );
    if (mapped.size) {
      const found = await gateway.fetch(stage.entity, { ids: [...new Set(mapped.values())] }, signal);
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
      const found = await gateway.fetch(stage.entity, { key, values }, signal);
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
    return result;
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
        (await gateway.fetch('contact', { ids: contactIds }, signal)).map((r) => r.sourceId),
      );
      for (const id of contactIds) this.knownContacts.set(id, found.has(id));
    }
  }

  private async loadTaxCodes(): Promise<ReadonlySet<string> | undefined> {
    const { gateway, signal } = this.ctx;
    const tax = gateway.describe().entities.find((e) => e.entity === 'taxRate');
    if (!tax?.capabilities.read) return undefined;
    const codes = new Set<string>();
    for await (const page of gateway.read('taxRate' as EntityName, {}, signal))
      for (const r of page.records) if (typeof r.data.code === 'string') codes.add(r.data.code);
    return codes;
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
