// `npm run dist`: packages installers with electron-builder (electron-builder.yml). Packaging downloads the
// Electron runtime and native-module headers for Electron's ABI; where that network is not reachable this says
// so plainly instead of failing deep inside electron-builder.
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';

const hosts = ['github.com', 'artifacts.electronjs.org'];
const reachable = await Promise.any(hosts.map((h) => lookup(h))).then(
  () => true,
  () => false,
);
if (!reachable) {
  console.error(
    'npm run dist: cannot package here: electron-builder must download Electron and its headers (github.com), which this machine cannot reach. Run it on a machine with internet access, or in CI with network.',
  );
  process.exit(1);
}
const run = (args) => {
  const result = spawnSync('npx', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['npm', 'run', 'build']);
// keytar and better-sqlite3 are rebuilt for Electron's ABI (they were built for Node by npm install).
run(['electron-builder', 'install-app-deps']);
run(['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
