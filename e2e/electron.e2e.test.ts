import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/flow-examples';

/** The Electron binary, when its download succeeded; the `electron` package throws when it is missing. */
function electronBinary(): string | undefined {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return probe.status === 0 && existsSync(probe.stdout) ? probe.stdout : undefined;
}

const binary = electronBinary();
const reason = 'the Electron binary is not installed (it cannot be downloaded on this machine)';
if (!binary) console.warn(`electron.e2e: skipped: ${reason}`);

describe.skipIf(!binary)(`Electron app${binary ? '' : ` (skipped: ${reason})`}`, () => {
  it('opens the flows list in a locked-down window and creates a flow over IPC', async () => {
    const app = await _electron.launch({
      executablePath: binary!,
      args: [join(repoRoot, 'dist', 'electron', 'main.js')],
      env: { ...process.env, LEDGERFLOW_HOME: mkdtempSync(join(tmpdir(), 'lf-electron-')) },
    });
    try {
      const window = await app.firstWindow();
      expect(window.url()).toBe('app://ledgerflow/index.html');
      const isolated = await window.evaluate(() => ({
        hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined',
        hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        bridgeFrozen: Object.isFrozen((window as unknown as { ledgerflow: object }).ledgerflow),
      }));
      expect(isolated).toEqual({ hasRequire: false, hasProcess: false, bridgeFrozen: true });
      const info = await window.evaluate(() =>
        (
          window as unknown as { ledgerflow: { call(c: string, p: unknown): Promise<unknown> } }
        ).ledgerflow.call('app.info', {}),
      );
      expect(info).toMatchObject({ ok: true, value: { host: 'electron', name: 'Ledgerflow' } });
      await window
        .getByRole('button', { name: /new flow/i })
        .first()
        .click();
      await window.getByRole('textbox').fill('Made in Electron');
      await window.keyboard.press('Enter');
      await expect.poll(() => window.getByText('Made in Electron').count()).toBeGreaterThan(0);
      await window.screenshot({ path: join(repoRoot, 'test-results', 'electron-flows-list.png') });
    } finally {
      await app.close();
    }
  });
});
