import type { FaultSettings } from './kit/fault-injector';
import { startSandbox, type RunningSandbox, type SandboxOptions } from './sandbox-server';

/** The `ledgerflow sandbox --help` text. */
export const SANDBOX_HELP = `Usage: ledgerflow sandbox [options]

Starts the local API simulators (Xero now) on 127.0.0.1 and runs until Ctrl+C.

Data
  --port N              port to listen on (default 4010; 0 = any free port)
  --seed N              seed of the generated demo data (default 1)
  --scale N             size multiplier: 1 ≈ 200 contacts / 1,000 invoices; 100 ≈ 100,000 invoices (default 1)
  --persist FILE        keep state in FILE (loaded at start, saved atomically after changes and on exit)
  --time-scale N        simulated time runs N× faster (60 = a rate-limit minute lasts a second)

Faults (apply to every simulated API unless scoped with --api)
  --api NAME            scope the fault flags that follow to one API (xero)
  --latency MS          fixed delay before each response
  --jitter MS           extra random delay in [0, MS]
  --error-rate P        probability 0..1 of a 500/502/503
  --error-statuses L    comma list of statuses for --error-rate (default 500,502,503)
  --drop-rate P         probability 0..1 of dropping the connection mid-body
  --slow-body MS        stretch every response body over MS
  --burst-429 N         answer the first N calls with 429 (X-Rate-Limit-Problem: minute)
  --fault-seed N        seed of the random fault sequence (default 1)

Xero
  --no-limits           disable Xero's rate limits
  --limit-minute N      calls per minute per tenant (default 60)
  --limit-day N         calls per day per tenant (default 5000)
  --limit-concurrent N  calls in flight per tenant (default 5)
  --limit-app-minute N  calls per minute per app (default 10000)
  --token-ttl SEC       access-token lifetime (default 1800)
  --refresh-grace SEC   how long a rotated refresh token keeps working (default 1800)
  --deny-consent        the authorize endpoint answers access_denied

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
  const faults: Partial<FaultSettings> = {};
  const xero: NonNullable<NonNullable<SandboxOptions['settings']>['xero']> = {};
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
        if (api !== 'xero') throw new UsageError(`--api: unknown api '${api}' (xero)`);
        break;
      }
      case '--latency':
        faults.latencyMs = num(0);
        break;
      case '--jitter':
        faults.jitterMs = num(0);
        break;
      case '--error-rate':
        faults.errorRate = num(0, 1);
        break;
      case '--error-statuses':
        faults.errorStatuses = value()
          .split(',')
          .map((s) => Number(s.trim()));
        break;
      case '--drop-rate':
        faults.dropRate = num(0, 1);
        break;
      case '--slow-body':
        faults.slowBodyMs = num(0);
        break;
      case '--burst-429':
        faults.burst429 = { count: num(0), problem: 'minute', retryAfterSec: 1 };
        break;
      case '--fault-seed':
        faults.seed = num();
        break;
      case '--no-limits':
        xero.limits = { ...xero.limits, enabled: false };
        break;
      case '--limit-minute':
        xero.limits = { ...xero.limits, perMinute: num(0) };
        break;
      case '--limit-day':
        xero.limits = { ...xero.limits, perDay: num(0) };
        break;
      case '--limit-concurrent':
        xero.limits = { ...xero.limits, concurrent: num(0) };
        break;
      case '--limit-app-minute':
        xero.limits = { ...xero.limits, appPerMinute: num(0) };
        break;
      case '--token-ttl':
        xero.oauth = { ...xero.oauth, accessTokenTtlSec: num(1) };
        break;
      case '--refresh-grace':
        xero.oauth = { ...xero.oauth, refreshGraceSec: num(0) };
        break;
      case '--deny-consent':
        xero.oauth = { ...xero.oauth, autoApprove: false };
        break;
      case '--verbose':
        verbose = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (see --help)`);
    }
  }
  if (Object.keys(faults).length) options.faults = { xero: faults };
  if (Object.keys(xero).length) options.settings = { xero };
  return { options, help, verbose };
}

/** The startup banner: base URLs, demo credentials and tenant ids. */
export function sandboxBanner(sb: RunningSandbox): string {
  const x = sb.apis.xero;
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
