// `npm run bench`: builds, then runs every bench/*.bench.ts (bundled with esbuild, run in Node) in turn. Each
// benchmark prints its own table and merges its figures into bench/results.json through bench/bench-results.ts.
// `npm run bench -- canvas` runs only the files whose name contains "canvas".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const filter = process.argv[2] ?? '';
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`npm run bench: no bench/*.bench.ts matches '${filter}'`);
  process.exit(1);
}
mkdirSync('bench/tmp', { recursive: true });
const failed = [];
for (const file of files) {
  const out = join('bench', 'tmp', file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join('bench', file)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  console.log(`\n▶ ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(file);
}
if (existsSync('bench/results.json')) {
  console.log('\nbench/results.json');
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [key, value] of Object.entries(results)) console.log(`  ${key.padEnd(width)}  ${value}`);
}
if (failed.length) {
  // Its figures above are then those of an earlier run: say so, rather than let them pass for this one's.
  console.error(`\n✗ failed: ${failed.join(', ')} (the figures it records in bench/results.json are stale)`);
}
process.exit(failed.length ? 1 : 0);
