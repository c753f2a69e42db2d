import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { calls, type CallName } from '../../../shared/contract/contract-registry';
import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { createContractClient, type ContractClient } from '../../../renderer/bridge/contract-client';
import { WebSocketTransport } from '../../../renderer/bridge/websocket-transport';
import { loadFlowExamples } from '../../../test-support/flow-examples';
import { openConfFile } from '../flows/conf-file';
import { createHostServices, type HostServices } from '../host-services';
import { startWebHost, WS_PATH, type RunningWebHost } from './web-host';

// The renderer's own transport and client run here over a real socket (Node 20 has no global WebSocket).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const example = loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!;
let host: RunningWebHost;
let services: HostServices;
const transports: WebSocketTransport[] = [];

const connect = (): ContractClient => {
  const transport = new WebSocketTransport(host.wsUrl);
  transports.push(transport);
  return createContractClient(transport);
};
const rejection = async (promise: Promise<unknown>): Promise<LedgerflowError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerflowError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};
const rawUpgrade = (path: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
const httpGet = (path: string, hostHeader = `127.0.0.1:${host.port}`) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'lf-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ledgerflow</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'lf-secret.txt'), 'outside');
  services = createHostServices({
    host: 'browser',
    dataDir: mkdtempSync(join(tmpdir(), 'lf-data-')),
    openStore: openConfFile,
    appVersion: '9.9.9',
  });
  host = await startWebHost({ services, staticDir });
});

afterAll(async () => {
  for (const t of transports) t.close();
  await host.close();
  await services.runs.close();
  for (const c of services.connections.list()) await services.connections.remove(c.id).catch(() => undefined);
  await services.connections.close();
});

beforeEach(() => {
  for (const summary of services.flows.list()) services.flows.delete(summary.id);
});

describe('the contract over the browser host WebSocket', () => {
  it('answers every call of the registry with data that matches its output schema', async () => {
    const client = connect();
    const created = await client.call('flows.create', { name: 'First' });
    const id = created.flow.id;
    let sandboxId = '';
    let addedId = '';
    let runId = '';
    let deadLetterIds: string[] = [];
    let applyRunId = '';
    /** Waits until a run has finished or stopped to wait for a confirmation. */
    const finished = async (id: string) => {
      for (let i = 0; i < 300; i++) {
        const run = await client.call('runs.get', { runId: id });
        if (run.finishedAt || run.status === 'awaiting-confirmation') return run;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`run ${id} did not finish`);
    };
    const exercised: Record<CallName, () => Promise<unknown>> = {
      'app.info': () => client.call('app.info', {}),
      'connectors.describe': () => client.call('connectors.describe', {}),
      'flows.list': () => client.call('flows.list', {}),
      'flows.get': () => client.call('flows.get', { id }),
      'flows.create': () => client.call('flows.create', { name: 'Second' }),
      'flows.save': () => client.call('flows.save', { flow: { ...created.flow, description: 'saved' } }),
      'flows.rename': () => client.call('flows.rename', { id, name: 'Renamed' }),
      'flows.duplicate': () => client.call('flows.duplicate', { id }),
      'flows.import': () => client.call('flows.import', { text: example.text }),
      'flows.export': () => client.call('flows.export', { id }),
      'flows.bindings': () => client.call('flows.bindings', { id }),
      'flows.bind': () =>
        client.call('flows.bind', { id: 'example-vea-xero-invoices', ref: 'dst', connectionId: null }),
      'flows.templates': () => client.call('flows.templates', {}),
      'flows.delete': () => client.call('flows.delete', { id }),
      'connections.connectSandbox': async () => {
        const result = await client.call('connections.connectSandbox', {});
        sandboxId = result.connections[0]!.id;
        return result;
      },
      'connections.list': () => client.call('connections.list', {}),
      'connections.test': () => client.call('connections.test', { id: sandboxId }),
      'connectors.sample': () =>
        client.call('connectors.sample', { connection: sandboxId, entity: 'contact', n: 2 }),
      'connections.rename': () =>
        client.call('connections.rename', { id: sandboxId, label: 'Renamed sandbox' }),
      'connections.selectTenant': async () => {
        const [c] = (await client.call('connections.list', {})).connections;
        return client.call('connections.selectTenant', { id: sandboxId, tenantId: c!.tenantId! });
      },
      'connections.authorize': () => client.call('connections.authorize', { id: sandboxId }),
      'connections.create': async () => {
        const added = await client.call('connections.create', {
          system: 'xero',
          label: 'Real',
          clientId: 'CID',
        });
        addedId = added.id;
        return added;
      },
      'connections.remove': () => client.call('connections.remove', { id: addedId }),
      'runs.start': async () => {
        // Demo AB's contacts into Nordvik, matched by name: Nordvik's own numbers collide with some of
        // Demo's, so the live run leaves dead letters to list, retry and discard below.
        const sandbox = (await client.call('connections.list', {})).connections.filter((c) => c.isSandbox);
        const demo = sandbox.find((c) => c.tenantName?.includes('Demo'))!;
        const nordvik = sandbox.find((c) => c.tenantName?.includes('Nordvik'))!;
        const saved = await client.call('flows.save', {
          flow: {
            ...created.flow,
            id: 'runs-exercise',
            name: 'Runs',
            connections: {
              src: { system: 'xero', label: demo.label },
              dst: { system: 'xero', label: nordvik.label },
            },
            nodes: [
              {
                id: 's',
                type: 'source',
                position: { x: 0, y: 0 },
                config: { connection: 'src', entity: 'contact' },
              },
              {
                id: 'd',
                type: 'destination',
                position: { x: 300, y: 0 },
                config: { connection: 'dst', entity: 'contact', match: ['name'] },
              },
            ],
            edges: [{ id: 'e', source: 's', target: 'd' }],
          },
        });
        const started = await client.call('runs.start', { flowId: saved.flow.id, mode: 'live' });
        runId = started.runId;
        await finished(runId);
        return started;
      },
      'runs.get': () => client.call('runs.get', { runId }),
      'runs.list': () => client.call('runs.list', { flowId: 'runs-exercise' }),
      'runs.planItems': () => client.call('runs.planItems', { runId, actions: ['create'], pageSize: 5 }),
      'runs.log': () => client.call('runs.log', { runId, limit: 50 }),
      'runs.planSummary': () => client.call('runs.planSummary', { runId }),
      'runs.planCsv': () => client.call('runs.planCsv', { runId }),
      'runs.nodeCounts': () => client.call('runs.nodeCounts', { runId }),
      'runs.schedule.set': () =>
        client.call('runs.schedule.set', { flowId: 'runs-exercise', everyMinutes: 60 }),
      'runs.schedule.get': () => client.call('runs.schedule.get', { flowId: 'runs-exercise' }),
      'runs.apply': async () => {
        const shadow = await client.call('runs.start', { flowId: 'runs-exercise', mode: 'shadow' });
        await finished(shadow.runId);
        // A synced contact changes after the review, so the applied plan holds it for confirmation.
        const demoId = (await client.call('connections.list', {})).connections.find((c) =>
          c.tenantName?.includes('Demo'),
        )!.id;
        const synced = (await client.call('runs.planItems', { runId: shadow.runId, actions: ['unchanged'] }))
          .items[0]!;
        const source = await services.connections.connectorFor(demoId);
        await source.write('contact', [
          { kind: 'update', key: 'k', id: synced.recordKey, data: { phone: '+46 8 555 0199' } },
        ]);
        const applied = await client.call('runs.apply', { runId: shadow.runId });
        applyRunId = applied.runId;
        expect((await finished(applyRunId)).status).toBe('awaiting-confirmation');
        return applied;
      },
      'runs.confirm': async () => {
        const held = await client.call('runs.planItems', { runId: applyRunId, statuses: ['held'] });
        expect(held.total).toBe(1);
        const confirmed = await client.call('runs.confirm', {
          runId: applyRunId,
          include: [held.items[0]!.seq],
        });
        expect((await finished(applyRunId)).status).toBe('succeeded');
        return confirmed;
      },
      'runs.deadLetters.list': async () => {
        const result = await client.call('runs.deadLetters.list', { flowId: 'runs-exercise' });
        deadLetterIds = result.deadLetters.map((d) => d.id);
        return result;
      },
      'runs.deadLetters.discard': () =>
        client.call('runs.deadLetters.discard', { ids: [deadLetterIds[0]!], reason: 'Duplicate in Nordvik' }),
      'runs.deadLetters.retry': () => client.call('runs.deadLetters.retry', { ids: [deadLetterIds[1]!] }),
      'runs.cancel': () => client.call('runs.cancel', { runId }),
    };
    expect(Object.keys(exercised).sort()).toEqual(Object.keys(calls).sort());
    for (const [channel, run] of Object.entries(exercised)) {
      const value = await run();
      expect(calls[channel as CallName].output.safeParse(value).success, channel).toBe(true);
    }
    // The run history pages on from the last run listed: one run a page gives the whole list in order.
    const whole = (await client.call('runs.list', { flowId: 'runs-exercise' })).runs.map((r) => r.id);
    expect(whole.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    for (let before: string | undefined; ;) {
      const page = await client.call('runs.list', { flowId: 'runs-exercise', limit: 1, before });
      if (page.runs.length === 0) break;
      paged.push(page.runs[0]!.id);
      before = page.runs[0]!.id;
    }
    expect(paged).toEqual(whole);
    const { connectors } = await client.call('connectors.describe', {});
    const xero = connectors.find((c) => c.system === 'xero')!;
    expect(xero.entities.map((e) => e.entity)).not.toContain('salesOrder');
    const invoice = xero.entities.find((e) => e.entity === 'invoice')!;
    expect(invoice).toMatchObject({ apiName: 'Invoices', canRead: true, canWrite: true });
    expect(invoice.fields.find((f) => f.path === 'lines[].quantity')).toMatchObject({
      type: 'decimal',
      required: true,
    });
    expect(connectors.find((c) => c.system === 'visma-net')!.entities.map((e) => e.entity)).toContain(
      'salesOrder',
    );
    const { templates } = await client.call('flows.templates', {});
    expect(templates.map((t) => t.id).sort()).toEqual(
      loadFlowExamples()
        .map((e) => JSON.parse(e.text).id)
        .sort(),
    );
    expect(templates.find((t) => t.id === 'example-vea-xero-invoices')).toMatchObject({
      systems: ['visma-eaccounting', 'xero'],
      nodeCount: 6,
    });
    const info = await client.call('app.info', {});
    expect(info).toMatchObject({ name: 'Ledgerflow', version: '9.9.9', host: 'browser' });
    const names = (await client.call('flows.list', {})).flows.map((f) => f.name).sort();
    expect(names).toEqual(['Renamed (copy)', 'Runs', 'Second', 'Visma eAccounting → Xero: invoices']);
  });

  it('refuses an invalid payload of every call with LF-1001 and each problem by path, and keeps serving', async () => {
    const transport = new WebSocketTransport(host.wsUrl);
    transports.push(transport);
    for (const channel of Object.keys(calls)) {
      const result = await transport.call(channel, {
        id: 42,
        name: '',
        flow: { nodes: 'x' },
        text: 7,
        extra: true,
      });
      expect(result.ok, channel).toBe(false);
      if (result.ok) continue;
      expect(result.error).toMatchObject({ code: 'LF-1001', kind: 'user' });
      expect(Array.isArray(result.error.details) && result.error.details.length > 0, channel).toBe(true);
      for (const problem of result.error.details as Array<{ path: string }>)
        expect(problem.path).toBeTruthy();
    }
    const notAnObject = await transport.call('flows.get', 'flow-1');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'LF-1001' } });
    const unknown = await transport.call('flows.launchMissiles', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'LF-1002' } });
    expect(await connect().call('flows.list', {})).toEqual({ flows: [] });
  });

  it('names the wrong field in plain words', async () => {
    const client = connect();
    const error = await rejection(client.call('flows.rename', { id: 'x', name: '' }));
    expect(error.details).toEqual([{ path: 'name', message: 'must not be empty', severity: 'error' }]);
  });

  it('passes the flow file problems of a refused import to the caller', async () => {
    const client = connect();
    const bad = JSON.parse(example.text);
    bad.nodes[0].config.entity = 'invoce';
    const error = await rejection(client.call('flows.import', { text: JSON.stringify(bad) }));
    expect(error.code).toBe('LF-1101');
    expect(error.details).toEqual([
      expect.objectContaining({
        path: 'nodes[0].config.entity',
        message: expect.stringMatching(/did you mean 'invoice'/),
      }),
    ]);
    const conflict = await rejection(
      (async () => {
        await client.call('flows.import', { text: example.text });
        return client.call('flows.import', { text: example.text });
      })(),
    );
    expect(conflict).toMatchObject({
      code: 'LF-1103',
      details: { existingName: 'Visma eAccounting → Xero: invoices' },
    });
  });

  it('handles many concurrent calls from several clients without mixing up answers', async () => {
    const clients = [connect(), connect(), connect()];
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) => clients[i % 3]!.call('flows.create', { name: `Flow ${i}` })),
    );
    expect(created.map((c) => c.flow.name)).toEqual(Array.from({ length: 60 }, (_, i) => `Flow ${i}`));
    expect(new Set(created.map((c) => c.flow.id)).size).toBe(60);
    const fetched = await Promise.all(
      created.map((c, i) => clients[(i + 1) % 3]!.call('flows.get', { id: c.flow.id })),
    );
    expect(fetched.map((f) => f.flow.name)).toEqual(created.map((c) => c.flow.name));
    expect((await clients[0]!.call('flows.list', {})).flows).toHaveLength(60);
  });

  it('pushes flows.onDidChange to subscribed clients only', async () => {
    const watcher = connect();
    const other = connect();
    const seen: string[] = [];
    const unsubscribe = watcher.on('flows.onDidChange', (e) => seen.push(`${e.kind}:${e.id}`));
    await watcher.call('flows.list', {}); // the subscription is sent before this call on the same socket
    const created = await other.call('flows.create', { name: 'Watched' });
    await other.call('flows.rename', { id: created.flow.id, name: 'Watched 2' });
    await other.call('flows.delete', { id: created.flow.id });
    await expect
      .poll(() => seen)
      .toEqual([`created:${created.flow.id}`, `updated:${created.flow.id}`, `deleted:${created.flow.id}`]);
    unsubscribe();
    await watcher.call('flows.list', {});
    await other.call('flows.create', { name: 'Unwatched' });
    await watcher.call('flows.list', {});
    expect(seen).toHaveLength(3);
  });
});

describe('browser host security', () => {
  it('refuses sockets without the token, with a wrong one, from another origin, or to another host name', async () => {
    expect(await rawUpgrade(`${WS_PATH}?token=${encodeURIComponent(host.token)}`)).toBe(101);
    expect(await rawUpgrade(WS_PATH)).toBe(403);
    expect(await rawUpgrade(`${WS_PATH}?token=${'x'.repeat(host.token.length)}`)).toBe(403);
    expect(await rawUpgrade(`${WS_PATH}?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await rawUpgrade(`${WS_PATH}?token=${host.token}`, { Origin: host.origin })).toBe(101);
    expect(
      await rawUpgrade(`${WS_PATH}?token=${host.token}`, { Host: `attacker.example:${host.port}` }),
    ).toBe(403);
  });

  it('tells a tab whether its token is still accepted', async () => {
    const check = (authorization?: string) =>
      fetch(
        `${host.origin}/ledgerflow-session`,
        authorization ? { headers: { Authorization: authorization } } : {},
      );
    expect((await check(`Bearer ${host.token}`)).status).toBe(204);
    expect((await check(`Bearer ${'y'.repeat(host.token.length)}`)).status).toBe(401);
    expect((await check()).status).toBe(401);
  });

  it('listens on loopback only and prints a URL that carries the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await httpGet('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toMatch(/script-src 'self';.*object-src 'none'/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await httpGet('/assets/app.js')).body).toBe('console.log(1)');
    expect((await httpGet('/../lf-secret.txt')).body).not.toBe('outside');
    expect((await httpGet('/%2e%2e/lf-secret.txt')).status).toBe(404);
    expect((await httpGet('/assets/missing.js')).status).toBe(404);
    expect((await httpGet('/', 'rebound.example')).status).toBe(421);
  });

  it('ignores malformed messages and keeps the socket open', async () => {
    const ws = new WebSocket(host.wsUrl);
    await new Promise((r) => ws.on('open', r));
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'call', id: -1, channel: 'flows.list' }));
    ws.send(JSON.stringify({ t: 'call', id: 7, channel: 'flows.list', payload: {} }));
    const reply = await new Promise<string>((r) => ws.once('message', (m) => r(String(m))));
    expect(JSON.parse(reply)).toMatchObject({ t: 'result', id: 7, result: { ok: true } });
    ws.close();
  });
});
