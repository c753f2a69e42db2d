// Builds everything that runs in Node or Electron with esbuild: the CLI (also the browser host and the engine
// worker's Node entry), the Electron main process (ESM) and the sandboxed preload (CommonJS, fully bundled:
// a sandboxed preload cannot require node_modules).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const started = Date.now();
rmSync('dist/node', { recursive: true, force: true });
rmSync('dist/electron', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'electron/cli.ts', 'engine-worker': 'electron/engine/process-entry.ts' },
    outdir: 'dist/node',
    format: 'esm',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'dist/electron',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
console.log(`built dist/node and dist/electron in ${Date.now() - started} ms`);
