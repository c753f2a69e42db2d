import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Writes plan items and log lines on a second SQLite connection in a worker thread, so that storing a plan (a
 * third of a 100,000-record plan's time: binding, b-tree inserts, commits) runs beside the planning instead of
 * after each page of it. Only writes a crash lets the engine redo go here (plan items: a run still planning is
 * planned again; log lines): they commit with `synchronous = NORMAL` (no fsync), as they did on the main
 * connection. The thread runs the statements the store prepared the text of, in the order they were posted, one
 * transaction per post; WAL lets the main connection read meanwhile.
 *
 * Ordering and failure: `write` resolves when its transaction has committed and rejects with the thread's error;
 * a failed or dead thread fails every later write, so nothing is silently dropped. `settle` waits for everything
 * posted so far.
 */
export class PlanWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private last: Promise<void> = Promise.resolve();
  /** Whether a write has committed: a thread that never managed one could not start (the store then writes itself). */
  hasWritten = false;

  constructor(file: string, statements: Readonly<Record<string, string>>) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { sqlite, file, statements },
      // It holds one page of rows at a time: a small young generation keeps the thread's memory to a few MB
      // (the worker's 300 MB budget at 100k invoices, bench/worker-rss.bench.ts).
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
    });
    // The thread keeps the process alive only while a write is on its way.
    this.worker.unref();
    this.worker.on('message', (m: { id: number; error?: string }) => {
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (m.error === undefined) {
        this.hasWritten = true;
        waiter?.resolve();
      } else waiter?.reject(new Error(`Writing to the state database failed: ${m.error}`));
    });
    const die = (error: Error) => {
      this.failure ??= error;
      for (const w of this.waiting.values()) w.reject(this.failure);
      this.waiting.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`The state database writer stopped (exit code ${code})`)));
  }

  /** Runs `statement` once per row of `rows`, all in one transaction, after everything posted before. */
  write(
    batches: ReadonlyArray<{ readonly statement: string; readonly rows: readonly unknown[][] }>,
  ): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.worker.ref();
    this.worker.postMessage({ id, batches });
    this.last = done.catch(() => undefined);
    return done;
  }

  /** Resolves when everything posted so far has been written (or has failed). */
  settle(): Promise<void> {
    return this.last;
  }

  async close(): Promise<void> {
    await this.settle();
    await this.worker.terminate();
  }
}

/** The thread: CommonJS, no imports but better-sqlite3 (resolved by the parent, so it works bundled or not). */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 4000');
const statements = new Map(Object.entries(workerData.statements).map(([name, sql]) => [name, db.prepare(sql)]));
const write = db.transaction((batches) => {
  for (const { statement, rows } of batches) {
    const s = statements.get(statement);
    for (const row of rows) s.run(row);
  }
});
parentPort.on('message', ({ id, batches }) => {
  try {
    write.immediate(batches);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;
