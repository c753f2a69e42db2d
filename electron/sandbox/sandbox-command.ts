import type { FaultSettings } from './kit/fault-injector';
import {
  SANDBOX_API_NAMES,
  startSandbox,
  type RunningSandbox,
  type SandboxApiName,
  type SandboxOptions,
  type SandboxSettingsPatches,
} from './sandbox-server';

/** The `ledgerflow sandbox --help` text. */
export const SANDBOX_HELP = `Usage: ledgerflow sandbox [options]

Starts the local API simulators (Xero, Visma eAccounting, Visma.net) on 127.0.0.1 and runs until Ctrl+C.

Data
  --port N              port to listen on (default 4010; 0 = any free port)
  --seed N              seed of the generated demo data (default 1)
  --scale N             size multiplier: 1 ≈ 200 contacts / 1,000 invoices; 100 ≈ 100,000 invoices (default 1)
  --persist FILE        keep state in FILE (loaded at start, saved atomically after changes and on exit)
  --time-scale N        simulated time runs N× faster (60 = a rate-limit minute lasts a second)

Faults and common settings (apply to every API; after --api NAME only to that one)
  --api NAME            scope the flags that follow to one API (xero, visma-eaccounting, visma-net)
  --latency MS          fixed delay before each response
  --jitter MS           extra random delay in [0, MS]
  --error-rate P        probability 0..1 of a 500/502/503
  --error-statuses L    comma list of statuses for --error-rate (default 500,502,503)
  --drop-rate P         probability 0..1 of dropping the connection mid-body
  --slow-body MS        stretch every response body over MS
  --burst-429 N         answer the first N calls with 429 (in each API's own form)
  --fault-seed N        seed of the random fault sequence (default 1)
  --no-limits           disable the rate limits
  --token-ttl SEC       access-token lifetime (Xero 1800, Visma 3600)
  --deny-consent        the authorize endpoints answer access_denied (Xero, eAccounting)

Xero
  --limit-minute N      calls per minute per tenant (default 60)
  --limit-day N         calls per day per tenant (default 5000)
  --limit-concurrent N  calls in flight per tenant (default 5)
  --limit-app-minute N  calls per minute per app (default 10000)
  --refresh-grace SEC   how long a rotated refresh token keeps working (default 1800)

Visma eAccounting
  --eaccounting-limit-minute N      calls per minute per client and endpoint (default 600)
  --eaccounting-page-size N         $pagesize when none is given (default 50)
  --eaccounting-max-page-size N     largest $pagesize; larger ones are capped (default 1000)
  --eaccounting-rotate-refresh      refresh tokens rotate (older clients; default: reusable)

Visma.net
  --vismanet-limit-hour N           calls per hour per company and client (default 3600)
  --vismanet-page-size N            pageSize when none is given (default 100)
  --vismanet-max-page-size N        largest pageSize; larger ones are capped (default 1000)

Other
  --verbose             log every request
  --help                this text
`;

/** Thrown for bad command-line input. */
class UsageError extends Error {}

/** Parses the flags into sandbox options. Exported for tests. */
export function parseSandboxArgs(argv: string[]): {
  options: SandboxOptions;
  help: boolean;
  verbose: boolean;
} {
  const options: SandboxOptions = { port: 4010 };
  const faults: Partial<Record<SandboxApiName, Partial<FaultSettings>>> = {};
  const settings: Record<SandboxApiName, Record<string, Record<string, unknown>>> = {
    xero: {},
    'visma-eaccounting': {},
    'visma-net': {},
  };
  // Flags before any --api apply to every API; after --api NAME only to that API.
  let scope: readonly SandboxApiName[] = SANDBOX_API_NAMES;
  const fault = (patch: Partial<FaultSettings>): void => {
    for (const a of scope) faults[a] = { ...faults[a], ...patch };
  };
  const set = (apis: readonly SandboxApiName[], group: string, patch: Record<string, unknown>): void => {
    for (const a of apis) {
      if (!scope.includes(a)) continue;
      settings[a][group] = { ...settings[a][group], ...patch };
    }
  };
  let help = false;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] =
      flag.startsWith('--') && flag.includes('=')
        ? (flag.split(/=(.*)/s, 2) as [string, string])
        : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const num = (min = -Infinity, max = Infinity): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max)
        throw new UsageError(`${name}: '${raw}' is not a number in [${min}, ${max}]`);
      return n;
    };
    switch (name) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--port':
        options.port = num(0, 65535);
        break;
      case '--seed':
        options.seed = num();
        break;
      case '--scale':
        options.scale = num(0.01, 1000);
        break;
      case '--persist':
        options.persistFile = value();
        break;
      case '--time-scale':
        options.timeScale = num(0.001);
        break;
      case '--api': {
        const api = value();
        if (!SANDBOX_API_NAMES.includes(api as SandboxApiName))
          throw new UsageError(`--api: unknown api '${api}' (${SANDBOX_API_NAMES.join(', ')})`);
        scope = [api as SandboxApiName];
        break;
      }
      case '--latency':
        fault({ latencyMs: num(0) });
        break;
      case '--jitter':
        fault({ jitterMs: num(0) });
        break;
      case '--error-rate':
        fault({ errorRate: num(0, 1) });
        break;
      case '--error-statuses':
        fault({
          errorStatuses: value()
            .split(',')
            .map((s) => Number(s.trim())),
        });
        break;
      case '--drop-rate':
        fault({ dropRate: num(0, 1) });
        break;
      case '--slow-body':
        fault({ slowBodyMs: num(0) });
        break;
      case '--burst-429':
        fault({ burst429: { count: num(0), problem: 'minute', retryAfterSec: 1 } });
        break;
      case '--fault-seed':
        fault({ seed: num() });
        break;
      case '--no-limits':
        set(SANDBOX_API_NAMES, 'limits', { enabled: false });
        break;
      case '--token-ttl':
        set(SANDBOX_API_NAMES, 'oauth', { accessTokenTtlSec: num(1) });
        break;
      case '--deny-consent':
        set(['xero', 'visma-eaccounting'], 'oauth', { autoApprove: false });
        break;
      case '--limit-minute':
        set(['xero'], 'limits', { perMinute: num(0) });
        break;
      case '--limit-day':
        set(['xero'], 'limits', { perDay: num(0) });
        break;
      case '--limit-concurrent':
        set(['xero'], 'limits', { concurrent: num(0) });
        break;
      case '--limit-app-minute':
        set(['xero'], 'limits', { appPerMinute: num(0) });
        break;
      case '--refresh-grace':
        set(['xero', 'visma-eaccounting'], 'oauth', { refreshGraceSec: num(0) });
        break;
      case '--eaccounting-limit-minute':
        set(['visma-eaccounting'], 'limits', { perMinute: num(0) });
        break;
      case '--eaccounting-page-size':
        set(['visma-eaccounting'], 'behaviour', { defaultPageSize: num(1) });
        break;
      case '--eaccounting-max-page-size':
        set(['visma-eaccounting'], 'behaviour', { maxPageSize: num(1) });
        break;
      case '--eaccounting-rotate-refresh':
        set(['visma-eaccounting'], 'oauth', { rotateRefreshTokens: true });
        break;
      case '--vismanet-limit-hour':
        set(['visma-net'], 'limits', { perHour: num(0) });
        break;
      case '--vismanet-page-size':
        set(['visma-net'], 'behaviour', { defaultPageSize: num(1) });
        break;
      case '--vismanet-max-page-size':
        set(['visma-net'], 'behaviour', { maxPageSize: num(1) });
        break;
      case '--verbose':
        verbose = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (see --help)`);
    }
  }
  if (Object.keys(faults).length) options.faults = faults;
  const out: SandboxSettingsPatches = {};
  for (const a of SANDBOX_API_NAMES) {
    if (Object.keys(settings[a]).length) (out as Record<string, unknown>)[a] = settings[a];
  }
  if (Object.keys(out).length) options.settings = out;
  return { options, help, verbose };
}

/** The startup banner: base URLs, demo credentials and tenant ids. */
export function sandboxBanner(sb: RunningSandbox): string {
  const x = sb.apis.xero;
  const e = sb.apis.vismaEaccounting;
  const n = sb.apis.vismaNet;
  return [
    `Ledgerflow sandbox listening on ${sb.baseUrl}`,
    `  admin:               ${sb.adminUrl}`,
    '',
    'Xero (replace https://api.xero.com, https://identity.xero.com, https://login.xero.com):',
    `  api host:            ${x.apiHost}`,
    `  identity host:       ${x.identityHost}`,
    `  login host:          ${x.loginHost}`,
    `  Accounting API:      ${x.apiBaseUrl}`,
    `  authorize:           ${x.authorizeUrl}`,
    `  token:               ${x.tokenUrl}`,
    `  revocation:          ${x.revocationUrl}`,
    `  connections:         ${x.connectionsUrl}`,
    `  client id:           ${x.clientId}`,
    `  client secret:       ${x.clientSecret}`,
    `  PKCE client id:      ${x.pkceClientId} (no secret)`,
    ...x.tenants.map((t) => `  tenant:              ${t.tenantId}  ${t.name}`),
    '',
    'Visma eAccounting (replace https://eaccountingapi.vismaonline.com, https://identity.vismaonline.com):',
    `  api host:            ${e.apiHost}`,
    `  identity host:       ${e.identityHost}`,
    `  API v2:              ${e.apiBaseUrl}`,
    `  authorize:           ${e.authorizeUrl}`,
    `  token:               ${e.tokenUrl}`,
    `  revocation:          ${e.revocationUrl}`,
    `  client id:           ${e.clientId}`,
    `  client secret:       ${e.clientSecret}`,
    `  scopes:              ${e.scopes.join(' ')}`,
    `  company:             ${e.company.id}  ${e.company.name}`,
    '',
    'Visma.net ERP (replace https://api.finance.visma.net, https://integration.visma.net/API, https://connect.visma.com):',
    `  api host:            ${n.apiHost}   (e.g. ${n.apiBaseUrl}/v1/customer)`,
    `  old host:            ${n.legacyHost}`,
    `  connect host:        ${n.connectHost}`,
    `  token:               ${n.tokenUrl}  (grant_type=client_credentials&tenant_id=…)`,
    `  client id:           ${n.clientId}`,
    `  client secret:       ${n.clientSecret}`,
    `  scopes:              ${n.scopes.join(' ')}`,
    ...n.tenants.map((t) => `  tenant:              ${t.tenantId}  ${t.name}`),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/**
 * `ledgerflow sandbox …`: starts the sandbox on 127.0.0.1, prints URLs and demo credentials, and resolves with
 * the exit code once SIGINT/SIGTERM stops it (2 for bad arguments).
 */
export async function runSandboxCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseSandboxArgs>;
  try {
    parsed = parseSandboxArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`ledgerflow sandbox: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    console.log(SANDBOX_HELP);
    return 0;
  }
  const started = Date.now();
  let sb: RunningSandbox;
  try {
    sb = await startSandbox({
      ...parsed.options,
      host: '127.0.0.1',
      ...(parsed.verbose ? { log: (l: string) => console.log(l) } : {}),
    });
  } catch (e) {
    console.error(`ledgerflow sandbox: ${(e as Error).message}`);
    return 1;
  }
  console.log(sandboxBanner(sb));
  console.log(`(started in ${Date.now() - started} ms)`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sb.close();
  console.log('sandbox stopped');
  return 0;
}
