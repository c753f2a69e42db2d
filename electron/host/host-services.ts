import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectorDescriptors } from '../../shared/connectors/connector-registry';
import type { CallOutput } from '../../shared/contract/contract-registry';
import { canonicalFields } from '../../shared/records/canonical-fields';
import type { EntityName } from '../../shared/records/entities';
import { UndiciHttpClient } from '../connectors/kit/http-client';
import { ConnectionService } from './connections/connection-service';
import { inProcessSandbox, type SandboxProvider } from './connections/sandbox-companies';
import { createContractRouter, type CallHandlers, type ContractRouter } from './contract-router';
import type { KeyValueFileFactory } from './flows/key-value-file';
import { FlowBindings } from './flows/flow-bindings';
import { FlowStore } from './flows/flow-store';
import { loadFlowTemplates } from './flows/flow-templates';
import { HostEvents } from './host-events';
import { HostLog } from './host-log';
import type { ForkWorker } from './runs/engine-worker';
import { RunScheduler } from './runs/run-scheduler';
import { inProcessBackend, RunSupervisor, workerBackend, type RunBackend } from './runs/run-supervisor';
import type { EngineEvent } from '../engine/engine';
import { KeytarVault, type SecretVault } from './vault/secret-vault';

/** What a host (Electron main or the browser host) provides to the shared services. */
export interface HostOptions {
  readonly host: 'electron' | 'browser';
  readonly dataDir: string;
  readonly openStore: KeyValueFileFactory;
  readonly appVersion: string;
  readonly versions?: Record<string, string>;
  /** The keychain (default: the OS keychain through keytar). */
  readonly secrets?: (log: HostLog) => SecretVault;
  /** The sandbox companies (default: started in-process on first use, persisted under dataDir). */
  readonly sandbox?: SandboxProvider;
  /** Opens OAuth sign-in pages in the system browser (Electron); without it the renderer opens them. */
  readonly openExternal?: (url: string) => void | Promise<void>;
  /**
   * Where runs execute: the engine worker process started with `fork` (child_process in the browser host,
   * utilityProcess in Electron), or, without it, the engine in this process (tests; see docs/engine.md).
   */
  readonly engineWorker?: { readonly fork: ForkWorker; readonly entryFile: string };
  /** Replaces the run backend entirely (tests with their own engine settings). */
  readonly runBackend?: (onEvent: (event: EngineEvent) => void, connections: ConnectionService) => RunBackend;
}

/** The services both hosts share, behind one router. Transports only move data to and from `router`. */
export interface HostServices {
  readonly router: ContractRouter;
  readonly events: HostEvents;
  readonly log: HostLog;
  readonly flows: FlowStore;
  /** Which of the user's connections each flow's connection references use (kept on this machine). */
  readonly flowBindings: FlowBindings;
  readonly connections: ConnectionService;
  readonly runs: RunSupervisor;
  /** Flows' schedules; a host that stays up (Electron, `serve`) arms them with `schedules.startAll()`. */
  readonly schedules: RunScheduler;
  /** Stops schedules, the engine and the connections' background work. */
  close(): Promise<void>;
}

/** Composes the host's services. Creates the data folder if needed; importing this module does nothing. */
export function createHostServices(options: HostOptions): HostServices {
  mkdirSync(options.dataDir, { recursive: true });
  const events = new HostEvents();
  const log = new HostLog(events);
  const flows = new FlowStore(options.dataDir, options.openStore, log);
  const connections = new ConnectionService({
    dataDir: options.dataDir,
    openStore: options.openStore,
    log,
    events,
    vault: options.secrets?.(log) ?? new KeytarVault((secret) => log.addSecret(secret)),
    http: new UndiciHttpClient(),
    sandbox: options.sandbox ?? inProcessSandbox(options.dataDir),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  const flowBindings = new FlowBindings(options.dataDir, options.openStore, () => connections.list());
  const storagePath = join(options.dataDir, 'state', 'engine.sqlite');
  const worker = options.engineWorker;
  const runs = new RunSupervisor({
    backend: (onEvent) =>
      options.runBackend?.(onEvent, connections) ??
      (worker
        ? workerBackend({
            fork: worker.fork,
            entryFile: worker.entryFile,
            storagePath,
            endpoints: () => connections.endpoints(),
            token: (id, rejected) => connections.accessToken(id, rejected),
            onEvent,
            onCrash: (message) => log.warn('runs', message, 'LF-3009'),
          })
        : inProcessBackend({
            storagePath,
            connectors: {
              connections: async () => new Map(connections.list().map((c) => [c.id, { system: c.system }])),
              connector: (id) => connections.connectorFor(id),
            },
            onEvent,
          })),
    flow: (id) => flows.get(id).flow,
    bindings: (flow) => flowBindings.resolve(flow),
    emit: (event, payload) => events.emit(event, payload),
  });
  const schedules = new RunScheduler({
    dataDir: options.dataDir,
    openStore: options.openStore,
    log,
    flow: (id) => (flows.has(id) ? flows.get(id).flow : undefined),
    start: (flowId, mode) => runs.start(flowId, mode, 'schedule'),
  });
  const changed = (kind: 'created' | 'updated' | 'deleted', id: string) =>
    events.emit('flows.onDidChange', { kind, id });

  const appInfo: CallOutput<'app.info'> = {
    name: 'Ledgerflow',
    version: options.appVersion,
    host: options.host,
    platform: process.platform,
    dataDir: options.dataDir,
    versions: { node: process.versions.node, ...options.versions },
  };

  let templates: CallOutput<'flows.templates'>['templates'] | undefined;
  const connectors: CallOutput<'connectors.describe'> = {
    connectors: Object.values(connectorDescriptors).map((d) => ({
      system: d.system,
      label: d.label,
      mark: d.mark,
      entities: Object.entries(d.entities).map(([entity, capability]) => ({
        entity: entity as EntityName,
        ...capability,
        matchKeys: [...capability.matchKeys],
        fields: canonicalFields[entity as EntityName].map((field) => ({
          ...field,
          values: field.values && [...field.values],
        })),
      })),
    })),
  };

  const handlers: CallHandlers = {
    'connectors.describe': () => connectors,
    'app.info': () => appInfo,
    'flows.list': () => ({ flows: flows.list() }),
    'flows.get': ({ id }) => flows.get(id),
    'flows.create': ({ name }) => {
      const stored = flows.create(name);
      changed('created', stored.flow.id);
      return stored;
    },
    'flows.save': ({ flow }) => {
      const isNew = !flows.has(flow.id);
      const stored = flows.save(flow);
      changed(isNew ? 'created' : 'updated', stored.flow.id);
      return stored;
    },
    'flows.rename': ({ id, name }) => {
      const summary = flows.rename(id, name);
      changed('updated', id);
      return summary;
    },
    'flows.duplicate': ({ id, name }) => {
      const summary = flows.duplicate(id, name);
      changed('created', summary.id);
      return summary;
    },
    'flows.bindings': ({ id }) => ({ bindings: flowBindings.view(flows.get(id).flow) }),
    'flows.bind': ({ id, ref, connectionId }) => ({
      bindings: flowBindings.bind(flows.get(id).flow, ref, connectionId),
    }),
    'flows.delete': ({ id }) => {
      flows.delete(id);
      flowBindings.forget(id);
      schedules.forget(id);
      changed('deleted', id);
      return { id };
    },
    'flows.import': ({ text, onConflict }) => {
      const result = flows.import(text, onConflict);
      changed(result.replaced ? 'updated' : 'created', result.summary.id);
      log.info(
        'flows',
        `Imported '${result.summary.name}'${result.replaced ? ' (replaced the existing flow)' : ''}`,
      );
      return result;
    },
    'flows.export': ({ id }) => flows.export(id),
    'flows.templates': () => ({ templates: (templates ??= loadFlowTemplates(log)) }),
    'connections.list': () => ({ connections: connections.list() }),
    'connections.create': (input) => connections.create(input),
    'connections.authorize': ({ id }) => connections.authorize(id),
    'connections.test': ({ id }) => connections.test(id),
    'connections.rename': ({ id, label }) => connections.rename(id, label),
    'connections.selectTenant': ({ id, tenantId }) => connections.selectTenant(id, tenantId),
    'connections.remove': ({ id }) => connections.remove(id),
    'connections.connectSandbox': () => connections.connectSandbox(),
    'connectors.sample': async ({ connection, entity, n }) => ({
      records: await connections.sample(connection, entity, n),
    }),
    'runs.start': ({ flowId, mode }) => runs.start(flowId, mode),
    'runs.cancel': ({ runId }) => runs.cancel(runId),
    'runs.list': ({ flowId, limit, before }) =>
      runs.list({ flowId, limit, before }).then((list) => ({ runs: list })),
    'runs.get': ({ runId }) => runs.get(runId),
    'runs.planItems': (input) => runs.planItems(input),
    'runs.planSummary': ({ runId }) => runs.planSummary(runId),
    'runs.planCsv': ({ runId }) => runs.planCsv(runId),
    'runs.deadLetters.list': ({ flowId, status }) => runs.deadLetters(flowId, status),
    'runs.deadLetters.retry': ({ ids }) => runs.retryDeadLetters(ids),
    'runs.deadLetters.discard': ({ ids, reason }) => runs.discardDeadLetters(ids, reason),
    'runs.log': ({ runId, afterSeq, limit }) => runs.log(runId, afterSeq, limit),
    'runs.nodeCounts': ({ runId }) => runs.nodeCounts(runId),
    'runs.apply': ({ runId, exclude }) => runs.apply(runId, exclude),
    'runs.confirm': ({ runId, include }) => runs.confirm(runId, include),
    'runs.schedule.get': ({ flowId }) => schedules.get(flowId),
    'runs.schedule.set': ({ flowId, everyMinutes }) => schedules.set(flowId, everyMinutes),
  };

  return {
    router: createContractRouter(handlers, log),
    events,
    log,
    flows,
    flowBindings,
    connections,
    runs,
    schedules,
    async close() {
      schedules.stopAll();
      await runs.close();
      await connections.close();
    },
  };
}
