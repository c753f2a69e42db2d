import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Bundles the engine worker's entry (electron/engine/process-entry.ts) for tests that fork the real worker, without
 * depending on `npm run build`. Returns the file; the caller removes it when done.
 */
export async function buildEngineWorker(name: string): Promise<string> {
  const outDir = resolve('node_modules/.cache/ledgerflow-tests');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: ['electron/engine/process-entry.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return file;
}
