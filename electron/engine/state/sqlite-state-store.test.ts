import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from './sqlite-state-store';
import { STATE_VERSION } from './state-migrations';
import { emptyCounts } from './state-store';
import { newRun } from './state-store.test-helper';

const dir = mkdtempSync(join(tmpdir(), 'lf-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStateStore', () => {
  it('migrates by user_version, in WAL mode, and refuses a newer database', () => {
    const file = join(dir, 'migrate.sqlite');
    new SqliteStateStore(file).close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(STATE_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma(`user_version = ${STATE_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStateStore(file)).toThrow(expect.objectContaining({ code: 'LF-3011' }));
  });

  it('journals a batch, then commits id map, items, dead letters and journal in one transaction', async () => {
    const store = new SqliteStateStore(join(dir, 'commit.sqlite'));
    newRun(store, 'r1', 1);
    const base = {
      destNode: 'd',
      entity: 'contact' as const,
      sourceNode: 's',
      reason: undefined,
      diff: undefined,
    };
    await store.appendPlanItems('r1', [
      {
        ...base,
        recordKey: 'k1',
        orderKey: 'new:k1',
        action: 'create',
        targetId: undefined,
        payload: { name: 'A' },
      },
      { ...base, recordKey: 'k2', orderKey: 't2', action: 'update', targetId: 't2', payload: { name: 'B' } },
      {
        ...base,
        recordKey: 'k3',
        orderKey: 'k3',
        action: 'invalid',
        targetId: undefined,
        payload: undefined,
      },
    ]);
    expect(store.pendingItems('r1', 'd').map((i) => i.recordKey)).toEqual(['k1', 'k2']);
    store.journalBatch(
      {
        batchId: 'b1',
        runId: 'r1',
        destNode: 'd',
        entity: 'contact',
        idempotencyKey: 'lf-b1',
        ops: [
          { seq: 1, kind: 'create', recordKey: 'k1', data: { name: 'A' } },
          { seq: 2, kind: 'update', recordKey: 'k2', targetId: 't2', data: { name: 'B' } },
        ],
      },
      2,
    );
    expect(store.pendingBatches('r1')).toHaveLength(1);
    expect(store.pendingItems('r1', 'd').every((i) => i.status === 'inflight')).toBe(true);
    store.commitBatch(
      'r1',
      {
        batchId: 'b1',
        flowId: 'f',
        destNode: 'd',
        entity: 'contact',
        connectionId: 'b',
        done: [{ seq: 1, recordKey: 'k1', targetId: 't1' }],
        dead: [
          {
            seq: 2,
            letter: {
              id: 'dl1',
              runId: 'r1',
              flowId: 'f',
              destNode: 'd',
              sourceNode: 's',
              entity: 'contact',
              recordKey: 'k2',
              action: 'update',
              payload: { name: 'B' },
              code: 'LF-2001',
              message: 'refused',
              apiMessage: 'The name is bad',
              attempts: 1,
            },
          },
        ],
        requeue: [],
        counts: { ...emptyCounts(), written: 1, deadLetters: 1 },
      },
      3,
    );
    expect(store.pendingBatches('r1')).toEqual([]);
    expect(store.idMapGet('f', 'd', 'contact', ['k1', 'k2'])).toEqual(new Map([['k1', 't1']]));
    expect(store.idMapByConnection('f', 'contact', 'b', ['k1'])).toEqual(new Map([['k1', 't1']]));
    expect(store.deadLetters({ flowId: 'f', status: 'open' })[0]).toMatchObject({
      apiMessage: 'The name is bad',
    });
    expect(store.getRun('r1')!.counts).toMatchObject({ written: 1, deadLetters: 1 });
    expect(store.countPlanItems('r1', { actions: ['invalid'] })).toBe(1);
    store.close();
  });

  it('stores a create diff once with its payload, writes counts with the page, and keeps synchronous = FULL', async () => {
    const file = join(dir, 'plan.sqlite');
    const store = new SqliteStateStore(file);
    newRun(store, 'r1', 1);
    const base = {
      destNode: 'd',
      entity: 'contact' as const,
      sourceNode: 's',
      reason: undefined,
      targetId: undefined,
    };
    const payload = { name: 'A', address: { city: 'Malmö' }, lines: [{ n: 1 }] };
    const asEntries = Object.entries(payload).map(([field, after]) => ({ field, after }));
    const counts = { ...emptyCounts(), create: 3 };
    await store.appendPlanItems(
      'r1',
      [
        { ...base, recordKey: 'k1', orderKey: 'new:k1', action: 'create', diff: 'payload', payload },
        { ...base, recordKey: 'k2', orderKey: 'new:k2', action: 'create', diff: asEntries, payload },
        // Not exactly the payload's fields: stored as given.
        { ...base, recordKey: 'k3', orderKey: 'new:k3', action: 'create', diff: asEntries.slice(1), payload },
      ],
      { counts, now: 5 },
    );
    const items = store.planItems('r1', {}, 0, 10);
    expect(items.map((i) => i.diff)).toEqual([asEntries, asEntries, asEntries.slice(1)]);
    expect(items.map((i) => i.payload)).toEqual([payload, payload, payload]);
    expect(store.getRun('r1')).toMatchObject({ counts, updatedAt: 5 });
    const db = new Database(file, { readonly: true });
    const stored = db.prepare('SELECT diff_json FROM plan_items ORDER BY seq').pluck().all();
    expect(stored.slice(0, 2)).toEqual(['"=payload"', '"=payload"']);
    db.close();
    expect(store['db'].pragma('synchronous', { simple: true })).toBe(2); // FULL again after the page
    store.close();
  });

  it('lists runs newest first, page after page from the last run listed, past any page size', () => {
    const store = new SqliteStateStore(join(dir, 'paging.sqlite'));
    // 1,203 runs, some started in the same millisecond (the id orders them then).
    const ids: string[] = [];
    for (let i = 0; i < 1203; i++) {
      const id = `r${String(i).padStart(4, '0')}`;
      newRun(store, id, 1_000 + Math.floor(i / 3));
      ids.push(id);
    }
    const expected = [...ids].sort((a, b) => {
      const t = (x: string) => Math.floor(Number(x.slice(1)) / 3);
      return t(b) - t(a) || a.localeCompare(b);
    });
    const listed: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = store.listRuns({ flowId: 'f', limit: 500, ...(before ? { before } : {}) });
      listed.push(...page.map((r) => r.id));
      if (page.length < 500) break;
      before = page.at(-1)!.id;
    }
    expect(listed).toEqual(expected);
    expect(store.listRuns({ before: expected[1], limit: 2 }).map((r) => r.id)).toEqual(expected.slice(2, 4));
    expect(store.listRuns({ before: 'pruned-long-ago' })).toEqual([]);
    expect(store.listRuns({ flowId: 'other' })).toEqual([]);
    store.close();
  });

  it('advances cursors only when a run succeeds, and prunes old runs and logs (retention)', () => {
    const store = new SqliteStateStore(join(dir, 'retention.sqlite'));
    newRun(store, 'old', 1);
    store.updateRun('old', { pendingCursors: { s: '2026-01-01T00:00:00Z' } }, 2);
    store.finishRun('old', 'failed', emptyCounts(), 3);
    expect(store.cursor('f', 's')).toBeUndefined();
    newRun(store, 'new', 10);
    store.updateRun('new', { pendingCursors: { s: '2026-02-01T00:00:00Z' } }, 11);
    store.appendLog([
      {
        runId: 'old',
        seq: 1,
        at: 1,
        level: 'info',
        kind: 'x',
        node: undefined,
        recordKey: undefined,
        message: 'm',
      },
    ]);
    store.finishRun('new', 'succeeded', emptyCounts(), 1_000_000);
    expect(store.cursor('f', 's')).toBe('2026-02-01T00:00:00Z');
    expect(store.pruneBefore(100)).toEqual({ runs: 1, logLines: 1 });
    expect(store.listRuns().map((r) => r.id)).toEqual(['new']);
    store.close();
  });
});
