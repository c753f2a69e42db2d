import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A running `ledgerflow serve` on a fresh data folder. */
export interface BrowserHost {
  /** The printed address, token included. */
  readonly url: string;
  readonly dataDir: string;
  /** Stops the host and removes its data folder. */
  stop(): Promise<void>;
}

const cliPath = resolve('dist', 'node', 'cli.js');
const urlPattern = /Ledgerflow is running at (http:\/\/\S+)/;

/**
 * Starts the built browser host (`npm run build` first) on a free port with its own temporary data folder and
 * waits for the address it prints.
 */
export async function startBrowserHost(timeoutMs = 20_000): Promise<BrowserHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledgerflow-e2e-'));
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--port', '0', '--no-open', '--data-dir', dataDir],
    {
      env: { ...process.env, CI: '1', LEDGERFLOW_HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ledgerflow serve printed no address in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = urlPattern.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`ledgerflow serve exited with ${code} before it was ready:\n${output}`));
      });
    });
    return {
      url,
      dataDir,
      async stop() {
        await stopChild(child);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
