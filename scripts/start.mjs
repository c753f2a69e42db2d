// `npm start`: builds, then launches the Electron app. Where the Electron binary cannot be had (it is
// downloaded on first use, which needs the network), says so in one line and opens the same app through the
// browser host instead, so this command always gives the user Ledgerflow.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args, options = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...options });

if (run('npm', ['run', 'build']).status !== 0) process.exit(1);

/** The Electron binary's path, or undefined when it is not installed. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    encoding: 'utf8',
  });
  return probe.status === 0 && existsSync(probe.stdout) ? probe.stdout : undefined;
}

let binary = electronBinary();
if (!binary && existsSync('node_modules/electron/install.js')) {
  // First use: fetch the binary (npm's install scripts for electron are not run; see package.json allowScripts).
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore', timeout: 180_000 });
  binary = electronBinary();
}

const child = binary
  ? spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
  : (console.log(
      'Electron is not available on this machine (its binary could not be downloaded); opening Ledgerflow in the browser host instead.',
    ),
    spawn(process.execPath, ['dist/node/cli.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
