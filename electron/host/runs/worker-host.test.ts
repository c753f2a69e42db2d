import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEngineWorker } from '../../../test-support/engine-worker-build';
import type { EventPayload } from '../../../shared/contract/contract-registry';
import type { Flow } from '../../../shared/flow/flow.schema';
import { openConfFile } from '../flows/conf-file';
import { createHostServices, type HostServices } from '../host-services';
import { forkNodeWorker } from './engine-worker';

/**
 * The host as the browser host and Electron compose it: runs execute in the engine worker process, which gets
 * endpoints and access tokens (never refresh tokens or client secrets) from the host's connections, over the
 * real keychain and the sandbox.
 */
let services: HostServices;
let dataDir: string;
let workerFile: string;

beforeAll(async () => {
  workerFile = await buildEngineWorker('host-worker');
  dataDir = mkdtempSync(join(tmpdir(), 'lf-worker-host-'));
  services = createHostServices({
    host: 'browser',
    dataDir,
    openStore: openConfFile,
    appVersion: 'test',
    engineWorker: { fork: forkNodeWorker, entryFile: workerFile },
  });
});
afterAll(async () => {
  await services?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workerFile, { force: true });
});

describe('the host runs flows in the engine worker', () => {
  it('runs a flow in a separate process over the host’s connections and relays its log in batches', async () => {
    const { connections } = await services.connections.connectSandbox();
    const demo = connections.find((c) => c.tenantName?.includes('Demo'))!;
    const nordvik = connections.find((c) => c.tenantName?.includes('Nordvik'))!;
    const flow: Flow = {
      format: 'ledgerflow.flow',
      version: 1,
      id: 'worker-host',
      name: 'Demo contacts to Nordvik',
      mode: 'shadow',
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
    };
    services.flows.save(flow);
    const batches: Array<EventPayload<'runs.onDidAppendLog'>> = [];
    const changes: Array<EventPayload<'runs.onDidChange'>> = [];
    services.events.on('runs.onDidAppendLog', (p) => batches.push(p));
    services.events.on('runs.onDidChange', (p) => changes.push(p));

    const { runId } = await services.runs.start('worker-host', 'shadow');
    // Wait as a client does: for the change that says the run ended (its log lines are relayed before it).
    for (let i = 0; i < 400 && !changes.some((c) => c.id === runId && c.finishedAt); i++)
      await new Promise((r) => setTimeout(r, 50));
    const run = await services.runs.get(runId);
    expect(run).toMatchObject({ status: 'succeeded', mode: 'shadow', trigger: 'manual' });
    expect(run.counts.read).toBeGreaterThan(50);
    expect(run.counts.create + run.counts.update + run.counts.unchanged).toBeGreaterThan(0);

    const lines = batches.flatMap((b) => b.lines).filter((l) => l.runId === runId);
    expect(lines.length).toBeGreaterThan(2);
    expect(batches.length).toBeLessThan(lines.length);
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b));
    const stored = await services.runs.log(runId, 0, 10_000);
    expect(stored.lines.map((l) => l.seq)).toEqual(lines.map((l) => l.seq));
    expect(changes.at(-1)).toMatchObject({ id: runId, status: 'succeeded' });

    const nodes = (await services.runs.nodeCounts(runId)).nodes;
    expect(nodes.find((n) => n.node === 's')?.out).toBe(run.counts.read);
    expect(nodes.find((n) => n.node === 'd')).toMatchObject({
      create: run.counts.create,
      update: run.counts.update,
      unchanged: run.counts.unchanged,
    });
  });
});
