import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appHome } from '../host/app-paths';
import { readAppVersion } from '../host/app-version';
import { openConfFile } from '../host/flows/conf-file';
import { createHostServices } from '../host/host-services';
import { forkNodeWorker } from '../host/runs/engine-worker';
import { startWebHost } from '../host/web/web-host';

const help = `Usage: ledgerflow serve [--port N] [--no-open] [--data-dir DIR]

Starts the browser host: the Ledgerflow app served on http://127.0.0.1 (loopback only), with the same services
as the desktop app behind a WebSocket. Prints the address to open; it carries an access token.

  --port N        listen on port N (default: a free port)
  --no-open       do not open a browser
  --data-dir DIR  keep flows in DIR (default: $LEDGERFLOW_HOME or the OS's app data folder)
`;

/** Finds the built renderer next to the built CLI (dist/node → dist/renderer) or from the repo root. */
export function rendererDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'renderer'), resolve('dist', 'renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** The built engine worker beside the CLI (dist/node/engine-worker.js), if there is one. */
export function engineWorkerEntry(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'engine-worker.js'), resolve('dist', 'node', 'engine-worker.js')];
  return candidates.find((file) => existsSync(file));
}

/** `ledgerflow serve`: runs until SIGINT/SIGTERM. */
export async function runServeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      open: { type: 'boolean', default: true },
      'no-open': { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowNegative: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ledgerflow serve: --port must be a number from 0 to 65535, not '${values.port}'\n`);
    return 2;
  }
  const staticDir = rendererDir();
  if (!staticDir) {
    process.stderr.write('ledgerflow serve: the renderer is not built; run `npm run build` first\n');
    return 2;
  }
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : appHome();
  const workerEntry = engineWorkerEntry();
  if (!workerEntry) {
    process.stderr.write('ledgerflow serve: the engine worker is not built; run `npm run build` first\n');
    return 2;
  }
  // Runs execute in a background process (ARCHITECTURE §1): a crash there never takes the UI's host down.
  const services = createHostServices({
    host: 'browser',
    dataDir,
    openStore: openConfFile,
    appVersion: readAppVersion(),
    engineWorker: { fork: forkNodeWorker, entryFile: workerEntry },
  });
  let host;
  try {
    host = await startWebHost({ services, staticDir, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `ledgerflow serve: port ${port} is in use; pick another with --port or leave it out for a free one\n`
        : `ledgerflow serve: could not start: ${(error as Error).message}\n`,
    );
    return 1;
  }
  services.schedules.startAll();
  services.runs.warmUp();
  process.stdout.write(
    `Ledgerflow is running at ${host.url}\nData folder: ${dataDir}\nPress Ctrl+C to stop.\n`,
  );
  if (values.open && !values['no-open']) openBrowser(host.url);
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  await host.close();
  await services.close();
  return 0;
}

/** Opens the system browser where there is one; silently does nothing on a headless machine or in CI. */
function openBrowser(url: string): void {
  if (process.env.CI) return;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener: the printed URL is enough.
  }
}
