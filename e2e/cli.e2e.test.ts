import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowExamples, repoRoot } from '../test-support/flow-examples';

// The built CLI, as `npx ledgerflow` runs it (package.json bin → dist/node/cli.js).
const cli = join(repoRoot, 'dist', 'node', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

describe('ledgerflow CLI (built)', () => {
  it('validate: 0 on every example, 1 with paths on a broken file', () => {
    for (const example of loadFlowExamples()) {
      const result = run('validate', join(repoRoot, 'flows-examples', example.file));
      expect(result.status, result.stdout + result.stderr).toBe(0);
    }
    const broken = JSON.parse(loadFlowExamples().find((e) => e.file.includes('xero-invoices'))!.text);
    broken.nodes[0].config.entity = 'invoce';
    broken.version = 1;
    const file = join(mkdtempSync(join(tmpdir(), 'lf-cli-')), 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = run('validate', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /nodes\[0\]\.config\.entity: 'invoce' is not an entity of Visma eAccounting; did you mean 'invoice'\?/,
    );
  });

  it('run: every example, shadow then live against the sandbox, the live run doing what the shadow run showed', async () => {
    const runFlow = (file: string, home: string, mode: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, 'run', file, mode, '--sandbox', '--json'], {
          env: { ...process.env, CI: '1', LEDGERFLOW_HOME: home },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    // Each example in its own app data folder (its own persisted sandbox), the examples side by side.
    await Promise.all(
      loadFlowExamples().map(async (example) => {
        const home = mkdtempSync(join(tmpdir(), 'lf-cli-example-'));
        const file = join(repoRoot, 'flows-examples', example.file);
        const summaries = [];
        for (const mode of ['--shadow', '--live']) {
          const result = await runFlow(file, home, mode);
          expect(result.stderr, `${example.file} ${mode}`).toBe('');
          const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
          // 1 only when the API refused records (dead letters); never a failed run.
          expect(result.status, `${example.file} ${mode}`).toBe(summary.deadLetters > 0 ? 1 : 0);
          expect(summary.mode).toBe(mode.slice(2));
          summaries.push(summary);
        }
        expect(summaries[1].counts, example.file).toEqual(summaries[0].counts);
      }),
    );
  });

  it('has help for each command and refuses unknown ones', () => {
    const help = run('--help').stdout;
    for (const command of [/validate <file>/, /run <file>/, /serve /, /sandbox /])
      expect(help).toMatch(command);
    expect(run('serve', '--help').stdout).toMatch(/--port N/);
    expect(run('validate', '--help').stdout).toMatch(/Exit codes/);
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run('serve', '--bogus').stderr).toMatch(/ledgerflow: Unknown option '--bogus'/);
  });

  it('serve: prints a loopback URL with a token, serves the app, and explains a taken port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lf-serve-'));
    const child = spawn(process.execPath, [cli, 'serve', '--no-open', '--data-dir', dataDir], {
      env: { ...process.env, CI: '1' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const page = await fetch(url.split('#')[0]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      const port = new URL(url).port;
      const taken = run('serve', '--no-open', '--port', port, '--data-dir', dataDir);
      expect(taken.status).toBe(1);
      expect(taken.stderr).toMatch(new RegExp(`port ${port} is in use`));
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve: refuses a port that is not a number', () => {
    const result = run('serve', '--no-open', '--port', 'eighty');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port must be a number/);
  });
});
