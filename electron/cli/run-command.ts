import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SystemId } from '../../shared/connectors/connector-descriptor';
import type { Flow } from '../../shared/flow/flow.schema';
import { parseFlowText } from '../../shared/flow/flow-validation';
import { LedgerflowError } from '../../shared/errors/ledgerflow-error';
import { UndiciHttpClient, type HttpClient } from '../connectors/kit/http-client';
import { accountingBaseUrl } from '../connectors/xero/xero-oauth';
import { endpointConnectorProvider, type ConnectionEndpoint } from '../engine/endpoint-connector-provider';
import { createEngine, type ConnectorProvider, type EngineEvent } from '../engine/engine';
import type { ConnectionBindings, RunRow } from '../engine/state/state-store';
import { appHome } from '../host/app-paths';
import { openConfFile } from '../host/flows/conf-file';
import { createHostServices } from '../host/host-services';
import { startSandbox, type RunningSandbox } from '../sandbox/sandbox-server';
import type { Output } from './validate-command';

const help = `Usage: ledgerflow run <flow.json> --shadow|--live [--sandbox] [--json]

Runs a flow file in this process: reads its sources, plans every record at each destination (create, update,
unchanged, skip, invalid), and with --live writes the plan. Progress goes to stdout, then a summary.

  --shadow    plan only: show what a live run would do, write nothing
  --live      execute the plan
  --sandbox   bind the flow's connections to the built-in sandbox companies (started here, its state kept in
              the app data folder so consecutive runs see each other's writes); otherwise the flow's
              connections are bound to yours by system and label
  --json      print only {runId, mode, counts, deadLetters, apiCalls}

Exit codes: 0 the run succeeded with no dead letters; 1 it failed or left dead letters; 2 bad usage or file.
`;

/** `ledgerflow run`: one run of a flow file, in process (the engine as a library, STYLE.md §4). */
export async function runRunCommand(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      shadow: { type: 'boolean' },
      live: { type: 'boolean' },
      sandbox: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    out.write(help);
    return 0;
  }
  if (positionals.length !== 1 || values.shadow === values.live) {
    err.write(`ledgerflow run: give one flow file and exactly one of --shadow or --live\n\n${help}`);
    return 2;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    err.write(
      `ledgerflow run: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 2;
  }
  const parsed = parseFlowText(text);
  if (!parsed.ok) {
    err.write(
      `ledgerflow run: ${file} is not a valid flow: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}\n`,
    );
    return 2;
  }
  const flow = parsed.flow;
  const mode = values.live ? 'live' : 'shadow';
  const home = appHome(env);
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const { connectors, bindings } = values.sandbox
      ? await sandboxConnections(flow, home, closers)
      : await userConnections(flow, home, closers);
    const engine = createEngine({
      storagePath: join(home, 'state', 'engine.sqlite'),
      connectors,
      onEvent: (event) => {
        if (!values.json) progress(event, out);
      },
    });
    closers.push(() => engine.close());
    const run = await (await engine.start({ flow, bindings, mode })).done;
    const summary = {
      runId: run.id,
      mode,
      counts: {
        create: run.counts.create,
        update: run.counts.update,
        unchanged: run.counts.unchanged,
        skip: run.counts.skip,
        invalid: run.counts.invalid,
      },
      deadLetters: run.counts.deadLetters,
      apiCalls: run.counts.apiCalls,
    };
    if (values.json) out.write(`${JSON.stringify(summary)}\n`);
    else out.write(summaryText(run));
    return run.status === 'succeeded' && run.counts.deadLetters === 0 ? 0 : 1;
  } catch (error) {
    const message = error instanceof LedgerflowError ? `${error.code} ${error.message}` : String(error);
    err.write(`ledgerflow run: ${message}\n`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

function progress(event: EngineEvent, out: Output): void {
  if (event.type !== 'log') return;
  const l = event.line;
  if (l.level === 'debug' && l.kind !== 'page-read') return;
  out.write(
    `${l.level === 'info' || l.level === 'debug' ? ' ' : l.level === 'warn' ? '!' : '✗'} ${l.node ? `[${l.node}] ` : ''}${l.recordKey ? `${l.recordKey}: ` : ''}${l.message}\n`,
  );
}

function summaryText(run: RunRow): string {
  const c = run.counts;
  const calls = Object.entries(c.apiCalls)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return `${run.status === 'succeeded' ? '✓' : '✗'} ${run.mode} run ${run.id} ${run.status}: ${c.create} create, ${c.update} update, ${c.unchanged} unchanged, ${c.skip} skip, ${c.invalid} invalid; ${c.written} written, ${c.deadLetters} dead letter(s); API calls: ${calls || 'none'}\n`;
}

/**
 * Binds every connection of the flow to a sandbox company: by label (the tenant's name in it), else in order.
 * The sandbox runs in this process, persisted in the app data folder (the same file the app's sandbox uses).
 */
async function sandboxConnections(
  flow: Flow,
  home: string,
  closers: Array<() => Promise<unknown>>,
): Promise<{ connectors: ConnectorProvider; bindings: ConnectionBindings }> {
  const sb = await startSandbox({ port: 0, persistFile: join(home, 'sandbox', 'sandbox.json') });
  closers.push(() => sb.close());
  const http = new UndiciHttpClient();
  closers.push(() => http.close());
  return bindToSandbox(flow, sb, http);
}

/**
 * Binds every connection of the flow to a company of a running sandbox, as `run --sandbox` does (the examples
 * test runs each shipped flow through this same binding): by label, else the first company no other reference
 * of the flow has taken. Tokens are issued by the sandbox's admin, without a browser.
 */
export function bindToSandbox(
  flow: Flow,
  sb: RunningSandbox,
  http: HttpClient,
): { connectors: ConnectorProvider; bindings: ConnectionBindings } {
  const apis = sb.apis;
  // Every sandbox company a reference could bind to, with how to get a token for it without a browser.
  const companies: Array<{
    system: SystemId;
    name: string;
    endpoint: ConnectionEndpoint;
    issue: () => string;
  }> = [
    ...apis.xero.tenants.map((t) => ({
      system: 'xero' as const,
      name: t.name,
      endpoint: { system: 'xero' as const, apiBaseUrl: accountingBaseUrl(apis.xero), tenantId: t.tenantId },
      issue: () => sb.admin.xero.issueToken().access_token,
    })),
    {
      system: 'visma-eaccounting' as const,
      name: apis.vismaEaccounting.company.name,
      endpoint: {
        system: 'visma-eaccounting' as const,
        apiBaseUrl: apis.vismaEaccounting.apiBaseUrl,
        tenantId: apis.vismaEaccounting.company.id,
      },
      issue: () => sb.admin.vismaEaccounting.issueToken().access_token,
    },
    ...apis.vismaNet.tenants.map((t) => ({
      system: 'visma-net' as const,
      name: t.name,
      endpoint: { system: 'visma-net' as const, apiBaseUrl: apis.vismaNet.apiHost, tenantId: t.tenantId },
      issue: () => sb.admin.vismaNet.issueToken({ tenantId: t.tenantId }).access_token,
    })),
  ];
  const endpoints: Record<string, ConnectionEndpoint> = {};
  const issuers: Record<string, () => string> = {};
  const bindings: Record<string, string> = {};
  const taken = new Set<string>();
  for (const [key, ref] of Object.entries(flow.connections)) {
    const candidates = companies.filter((c) => c.system === ref.system);
    const label = (ref.label ?? '').toLowerCase().replace(/\s*\(sandbox\)$/, '');
    // The company the label names, else the first one no other reference of the flow has taken.
    const company =
      candidates.find(
        (c) => label !== '' && (label.includes(c.name.toLowerCase()) || c.name.toLowerCase().includes(label)),
      ) ??
      candidates.find((c) => !taken.has(c.endpoint.tenantId)) ??
      candidates[0];
    if (!company) continue;
    taken.add(company.endpoint.tenantId);
    const id = `sandbox:${company.system}:${company.endpoint.tenantId}`;
    endpoints[id] = company.endpoint;
    issuers[id] = company.issue;
    bindings[key] = id;
  }
  const tokens = new Map<string, string>();
  return {
    connectors: endpointConnectorProvider(
      endpoints,
      (id) => ({
        accessToken: async () => tokens.get(id) ?? tokens.set(id, issuers[id]!()).get(id)!,
        refreshAfterUnauthorized: async () => tokens.set(id, issuers[id]!()).get(id)!,
      }),
      http,
    ),
    bindings,
  };
}

/** Binds the flow to the user's own connections (keychain, OAuth refresh) through the host's services. */
async function userConnections(
  flow: Flow,
  home: string,
  closers: Array<() => Promise<unknown>>,
): Promise<{ connectors: ConnectorProvider; bindings: ConnectionBindings }> {
  const services = createHostServices({
    host: 'browser',
    dataDir: home,
    openStore: openConfFile,
    appVersion: 'cli',
  });
  closers.push(() => services.connections.close());
  const list = services.connections.list();
  return {
    connectors: {
      connections: async () => new Map(list.map((c) => [c.id, { system: c.system }])),
      connector: (id) => services.connections.connectorFor(id),
    },
    bindings: services.flowBindings.resolve(flow),
  };
}
