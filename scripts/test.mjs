// `npm test`: the one command CI runs. Type-checks every runtime, lints, builds both hosts, then runs every
// vitest project (unit beside the code; e2e in Chromium against the built browser host). Every step runs so one
// report shows everything; the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', ['run', 'typecheck']],
  ['lint', ['run', 'lint']],
  ['build', ['run', 'build']],
];
const failed = [];
for (const [name, args] of steps) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync('npm', args, { stdio: 'inherit' });
  if (result.status !== 0) failed.push(name);
}
// The tests need the build (e2e drives dist/); without it they would only repeat the build's failure.
if (!failed.includes('build')) {
  console.log('\n▶ vitest (unit + e2e)');
  const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) failed.push('vitest');
}
console.log(
  failed.length ? `\n✗ failed: ${failed.join(', ')}` : '\n✓ typecheck, lint, build and tests passed',
);
process.exit(failed.length ? 1 : 0);
