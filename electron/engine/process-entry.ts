import { setFlagsFromString } from 'node:v8';
import { createError, fromErrorEnvelope, toErrorEnvelope } from '../../shared/errors/ledgerflow-error';
import type { AccessTokenSource } from '../connectors/kit/connector';
import { UndiciHttpClient } from '../connectors/kit/http-client';
import { endpointConnectorProvider, type ConnectionEndpoint } from './endpoint-connector-provider';
import { createEngine, type Engine } from './engine';
import { workerMethods, type HostToWorker, type WorkerToHost } from './worker-protocol';

/**
 * The engine worker's entry: the same file runs under `child_process.fork` (Node: `process.send`) and Electron's
 * `utilityProcess.fork` (`process.parentPort`). A thin composition root: it builds the engine from the ports
 * the host describes in `init`, answers calls, forwards events, and proxies token requests to the host.
 * Unfinished runs are resumed by the host calling `resumeUnfinished` after `init`.
 */
// The worker streams large syncs through small pages: its live heap stays around 100 MB at 100k invoices, but
// V8's default heap growth lets garbage pile up to several times that before collecting. A slower growth keeps
// the process near its working set (bench/worker-rss.bench.ts: 961 → about 550 MB at 100k invoices).
setFlagsFromString('--heap-growing-percent=50');

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const post = (message: WorkerToHost) => {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
};
const onMessage = (listener: (m: HostToWorker) => void) => {
  if (parentPort) parentPort.on('message', (e) => listener(e.data as HostToWorker));
  else process.on('message', (m) => listener(m as HostToWorker));
};

let engine: Engine | undefined;
let endpoints: Record<string, ConnectionEndpoint> = {};
let nextTokenRequest = 1;
const tokenWaiters = new Map<number, { resolve: (t: string) => void; reject: (e: unknown) => void }>();
const secrets = new Set<string>();
const http = new UndiciHttpClient();

/** Asks the host for a connection's access token; the answer is kept only in memory and redacted from logs. */
function requestToken(connectionId: string, rejected?: string): Promise<string> {
  const requestId = nextTokenRequest++;
  return new Promise<string>((resolve, reject) => {
    tokenWaiters.set(requestId, {
      resolve: (t) => {
        secrets.add(t);
        resolve(t);
      },
      reject,
    });
    post({ type: 'token-request', requestId, connectionId, ...(rejected ? { rejected } : {}) });
  });
}

const tokenSource = (connectionId: string): AccessTokenSource => ({
  accessToken: () => requestToken(connectionId),
  refreshAfterUnauthorized: (rejected) => requestToken(connectionId, rejected),
});

const redact = (text: string) => {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out;
};

async function call(method: string, args: unknown[]): Promise<unknown> {
  if (!engine) throw createError('LF-9001', 'The engine worker was not initialised');
  if (!(workerMethods as readonly string[]).includes(method))
    throw createError('LF-1002', `The engine has no method ${method}`);
  const e = engine as unknown as Record<string, (...a: unknown[]) => unknown>;
  const result = await e[method]!.apply(engine, args);
  if (result && typeof result === 'object' && 'runId' in result && 'done' in result)
    return { runId: (result as { runId: string }).runId };
  // Run handles (resumeUnfinished) become their ids; other arrays (log lines carry a runId too) pass as they are.
  if (
    Array.isArray(result) &&
    result.length > 0 &&
    result.every((r) => r && typeof r === 'object' && 'runId' in r && 'done' in r)
  )
    return result.map((r: { runId: string }) => ({ runId: r.runId }));
  return result;
}

onMessage((message) => {
  switch (message.type) {
    case 'init':
      endpoints = { ...message.endpoints };
      engine = createEngine({
        storagePath: message.storagePath,
        connectors: endpointConnectorProvider(() => endpoints, tokenSource, http),
        onEvent: (event) => post({ type: 'event', event }),
        redact,
        ...(message.settings ? { settings: message.settings } : {}),
      });
      post({ type: 'ready' });
      return;
    case 'endpoints':
      endpoints = { ...message.endpoints };
      return;
    case 'token': {
      const waiter = tokenWaiters.get(message.requestId);
      tokenWaiters.delete(message.requestId);
      if (message.token) waiter?.resolve(message.token);
      else waiter?.reject(message.error ? fromErrorEnvelope(message.error) : createError('LF-2004'));
      return;
    }
    case 'call':
      call(message.method, message.args).then(
        (value) => post({ type: 'result', requestId: message.requestId, value }),
        (error: unknown) =>
          post({ type: 'result', requestId: message.requestId, error: toErrorEnvelope(error) }),
      );
      return;
    case 'shutdown':
      void (async () => {
        await engine?.close();
        await http.close();
        process.exit(0);
      })();
      return;
  }
});
