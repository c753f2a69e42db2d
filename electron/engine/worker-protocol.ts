import type { ErrorEnvelope } from '../../shared/errors/ledgerflow-error';
import type { ConnectionEndpoint } from './endpoint-connector-provider';
import type { EngineEvent, EngineSettings } from './engine';

/**
 * Messages between the host's run supervisor and the engine worker (plain data, structured-clone safe). The
 * worker never sees a refresh token or a client secret: it asks the host for an access token per connection
 * (`token-request`) and the host answers from the keychain through its ConnectionTokens.
 */
export type HostToWorker =
  | {
      readonly type: 'init';
      readonly storagePath: string;
      readonly endpoints: Readonly<Record<string, ConnectionEndpoint>>;
      readonly settings?: EngineSettings;
    }
  | { readonly type: 'endpoints'; readonly endpoints: Readonly<Record<string, ConnectionEndpoint>> }
  | {
      readonly type: 'call';
      readonly requestId: number;
      readonly method: WorkerMethod;
      readonly args: unknown[];
    }
  | {
      readonly type: 'token';
      readonly requestId: number;
      readonly token?: string;
      readonly error?: ErrorEnvelope;
    }
  | { readonly type: 'shutdown' };

/** What the worker sends back. */
export type WorkerToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly event: EngineEvent }
  | {
      readonly type: 'token-request';
      readonly requestId: number;
      readonly connectionId: string;
      readonly rejected?: string;
    }
  | {
      readonly type: 'result';
      readonly requestId: number;
      readonly value?: unknown;
      readonly error?: ErrorEnvelope;
    };

/** Engine methods the host may call in the worker; `start`, `resume…` and `retryDeadLetters` answer with the run id. */
export const workerMethods = [
  'start',
  'apply',
  'confirm',
  'resume',
  'resumeUnfinished',
  'cancel',
  'active',
  'listRuns',
  'getRun',
  'planItems',
  'logLines',
  'deadLetters',
  'retryDeadLetters',
  'discardDeadLetters',
  'nodeCounts',
  'planSummary',
  'planCsv',
  'applyRetention',
] as const;

/** One callable method. */
export type WorkerMethod = (typeof workerMethods)[number];

/**
 * V8 options both hosts start the worker with (they size the heap, so they must be given at start, not set from
 * inside). The worker's young objects are one page of records at a time: 8 MB semi-spaces instead of 16 hold them
 * and keep 16 MB off its resident set (bench/worker-rss.bench.ts; its budget is 300 MB at 100k invoices).
 */
export const workerExecArgv: readonly string[] = ['--max-semi-space-size=8'];
