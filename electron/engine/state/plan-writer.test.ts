import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanWriter } from './plan-writer';
import { SqliteStateStore } from './sqlite-state-store';
import { emptyCounts, type NewPlanItem } from './state-store';
import { newPlanItem, newRun } from './state-store.test-helper';

const dir = mkdtempSync(join(tmpdir(), 'lf-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function database(name: string): { file: string; db: Database.Database } {
  const file = join(dir, name);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { file, db };
}

describe('PlanWriter (a second connection in a worker thread)', () => {
  it('commits each write as one transaction, in the order posted, while this thread goes on', async () => {
    const { file, db } = database('order.sqlite');
    const writer = new PlanWriter(file, { put: 'INSERT INTO t (k, v) VALUES (?, ?)' });
    const first = writer.write([
      {
        statement: 'put',
        rows: [
          [1, 'a'],
          [2, 'b'],
        ],
      },
    ]);
    const second = writer.write([{ statement: 'put', rows: [[3, 'c']] }]);
    // Nothing waits for the thread until asked: the rows are not necessarily there yet.
    await Promise.all([first, second]);
    expect(writer.hasWritten).toBe(true);
    expect(db.prepare('SELECT k, v FROM t ORDER BY k').all()).toEqual([
      { k: 1, v: 'a' },
      { k: 2, v: 'b' },
      { k: 3, v: 'c' },
    ]);
    await writer.close();
    db.close();
  });

  it('rejects a write that fails as a whole (nothing of it is kept) and goes on with the next', async () => {
    const { file, db } = database('fail.sqlite');
    const writer = new PlanWriter(file, { put: 'INSERT INTO t (k, v) VALUES (?, ?)' });
    await writer.write([{ statement: 'put', rows: [[1, 'a']] }]);
    // The second row breaks the primary key: the first row of the same write must not stay.
    await expect(
      writer.write([
        {
          statement: 'put',
          rows: [
            [2, 'b'],
            [1, 'again'],
          ],
        },
      ]),
    ).rejects.toThrow(/Writing to the state database failed: UNIQUE constraint failed: t\.k/);
    await writer.write([{ statement: 'put', rows: [[3, 'c']] }]);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual([1, 3]);
    await writer.close();
    db.close();
  });

  it('fails every write, with the reason, when its thread cannot open the database', async () => {
    const writer = new PlanWriter(join(dir, 'missing', 'dir', 'x.sqlite'), { put: 'SELECT 1' });
    await expect(writer.write([{ statement: 'put', rows: [[]] }])).rejects.toThrow(
      /unable to open|directory/i,
    );
    expect(writer.hasWritten).toBe(false);
    await expect(writer.write([{ statement: 'put', rows: [[]] }])).rejects.toThrow();
    await writer.close();
  });
});

describe('SqliteStateStore with its writer thread', () => {
  const item = (key: string): NewPlanItem => newPlanItem(key);

  it('numbers pages handed over back to back in order, and has them all once settled', async () => {
    const store = new SqliteStateStore(join(dir, 'store.sqlite'));
    newRun(store, 'r', 1, 'shadow');
    const pages = [0, 1, 2, 3].map((p) =>
      store.appendPlanItems(
        'r',
        Array.from({ length: 250 }, (_, i) => item(`k${p * 250 + i}`)),
        { counts: { ...emptyCounts(), create: (p + 1) * 250 }, now: 2 + p },
      ),
    );
    expect(await Promise.all(pages)).toEqual([250, 500, 750, 1000]);
    await store.settle();
    const items = store.planItems('r', {}, 0, 2000);
    expect(items).toHaveLength(1000);
    expect(items.map((i) => i.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(items.map((i) => i.recordKey)).toEqual(Array.from({ length: 1000 }, (_, i) => `k${i}`));
    expect(store.getRun('r')?.counts.create).toBe(1000);
    store.close();
  });
});
