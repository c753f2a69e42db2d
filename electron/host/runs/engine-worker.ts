import { fork, type ChildProcess } from 'node:child_process';
import { createError, fromErrorEnvelope, toErrorEnvelope } from '../../../shared/errors/ledgerflow-error';
import type { ConnectionEndpoint } from '../../engine/endpoint-connector-provider';
import type { EngineEvent, EngineSettings } from '../../engine/engine';
import {
  workerExecArgv,
  type HostToWorker,
  type WorkerMethod,
  type WorkerToHost,
} from '../../engine/worker-protocol';

/** A worker process as the host sees it: Node's child process or Electron's utility process behind one shape. */
export interface WorkerProcess {
  send(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
  readonly pid: number | undefined;
}

/** Starts a worker process from an entry file (Electron passes a utilityProcess-based one). */
export type ForkWorker = (entryFile: string) => WorkerProcess;

/** `child_process.fork` of the worker entry (Node hosts, the CLI, tests). */
export const forkNodeWorker: ForkWorker = (entryFile) => {
  const child: ChildProcess = fork(entryFile, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...workerExecArgv],
  });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on('message', (m) => l(m as WorkerToHost)),
    onExit: (l) => child.on('exit', (code, signal) => l(code, signal)),
    kill: (signal) => child.kill(signal),
    get pid() {
      return child.pid;
    },
  };
};

/** What the client needs from the host. */
export interface EngineWorkerOptions {
  readonly storagePath: string;
  readonly endpoints: Readonly<Record<string, ConnectionEndpoint>>;
  readonly settings?: EngineSettings;
  /** An access token for a connection (after `rejected` was refused: a fresh one). */
  readonly token: (connectionId: string, rejected?: string) => Promise<string>;
  readonly onEvent: (event: EngineEvent) => void;
  readonly onExit?: (code: number | null, signal: string | null) => void;
}

/**
 * The host's end of one engine worker: initialises it, calls engine methods by message, answers its token
 * requests, and relays its events. Pending calls fail with LF-3009 if the worker dies.
 */
export class EngineWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  private exited = false;
  readonly ready: Promise<void>;

  constructor(
    readonly process: WorkerProcess,
    private readonly options: EngineWorkerOptions,
  ) {
    let markReady!: () => void;
    let failReady!: (e: unknown) => void;
    this.ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
    process.onMessage((m) => {
      switch (m.type) {
        case 'ready':
          markReady();
          return;
        case 'event':
          options.onEvent(m.event);
          return;
        case 'result': {
          const waiter = this.pending.get(m.requestId);
          this.pending.delete(m.requestId);
          if (m.error) waiter?.reject(fromErrorEnvelope(m.error));
          else waiter?.resolve(m.value);
          return;
        }
        case 'token-request':
          options.token(m.connectionId, m.rejected).then(
            (token) => process.send({ type: 'token', requestId: m.requestId, token }),
            (error: unknown) =>
              process.send({ type: 'token', requestId: m.requestId, error: toErrorEnvelope(error) }),
          );
          return;
      }
    });
    process.onExit((code, signal) => {
      this.exited = true;
      const error = createError('LF-3009', `The engine worker stopped (${signal ?? `exit code ${code}`})`);
      failReady(error);
      for (const w of this.pending.values()) w.reject(error);
      this.pending.clear();
      options.onExit?.(code, signal);
    });
    process.send({
      type: 'init',
      storagePath: options.storagePath,
      endpoints: options.endpoints,
      ...(options.settings ? { settings: options.settings } : {}),
    });
  }

  get isAlive(): boolean {
    return !this.exited;
  }

  /** Tells the worker about connections added or changed since init. */
  updateEndpoints(endpoints: Readonly<Record<string, ConnectionEndpoint>>): void {
    this.process.send({ type: 'endpoints', endpoints });
  }

  /** Calls an engine method in the worker. */
  async call<T = unknown>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
    await this.ready;
    if (this.exited) throw createError('LF-3009', 'The engine worker is not running');
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ type: 'call', requestId, method, args });
    });
  }

  /** Asks the worker to finish cleanly (cancelling runs between batches); kills it after `graceMs`. */
  async shutdown(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.onExit(() => resolve()));
    this.process.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
