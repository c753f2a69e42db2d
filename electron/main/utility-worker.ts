import { utilityProcess } from 'electron';
import { workerExecArgv, type WorkerToHost } from '../engine/worker-protocol';
import type { ForkWorker } from '../host/runs/engine-worker';

/**
 * The engine worker as an Electron utility process (ARCHITECTURE §1): a Node child that Electron manages, with
 * a message port instead of Node's IPC channel. process-entry.ts speaks both, so the same built file runs here
 * and under `child_process.fork` in the browser host.
 */
export const forkUtilityWorker: ForkWorker = (entryFile) => {
  const child = utilityProcess.fork(entryFile, [], {
    serviceName: 'Ledgerflow engine',
    stdio: 'inherit',
    execArgv: [...workerExecArgv],
  });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as WorkerToHost)),
    // A utility process reports only its exit code; a crash (SIGKILL included) is a non-zero one.
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
};
