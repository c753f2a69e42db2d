import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { workerExecArgv } from '../engine/worker-protocol';

// Electron cannot start here: utilityProcess.fork is replaced with a recorder child, and what is tested is the
// adapter's own behaviour (the worker protocol itself is tested with a real forked worker in host/runs).
class FakeChild extends EventEmitter {
  readonly pid = 4242;
  readonly sent: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.sent.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}
const children: FakeChild[] = [];
const fork = vi.fn((..._args: unknown[]) => {
  const child = new FakeChild();
  children.push(child);
  return child;
});
vi.mock('electron', () => ({ utilityProcess: { fork: (...args: unknown[]) => fork(...args) } }));

describe('the engine worker as an Electron utility process', () => {
  it('forks the entry, posts messages, relays messages and exits', async () => {
    const { forkUtilityWorker } = await import('./utility-worker');
    const worker = forkUtilityWorker('/app/dist/node/engine-worker.js');
    expect(fork).toHaveBeenCalledWith(
      '/app/dist/node/engine-worker.js',
      [],
      // The same V8 options as under child_process.fork: the worker's memory budget holds in Electron too.
      expect.objectContaining({ serviceName: 'Ledgerflow engine', execArgv: [...workerExecArgv] }),
    );
    const child = children[0]!;
    expect(worker.pid).toBe(4242);

    worker.send({ type: 'shutdown' });
    expect(child.sent).toEqual([{ type: 'shutdown' }]);

    const received: unknown[] = [];
    worker.onMessage((m) => received.push(m));
    child.emit('message', { type: 'ready' });
    expect(received).toEqual([{ type: 'ready' }]);

    const exits: Array<[number | null, string | null]> = [];
    worker.onExit((code, signal) => exits.push([code, signal]));
    child.emit('exit', 9);
    expect(exits).toEqual([[9, null]]);

    worker.kill('SIGKILL');
    expect(child.killed).toBe(true);
  });
});
