import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { useAppStore } from '../../stores/useAppStore';
import { useRunsStore } from '../runs/runs-context';
import { LogModel } from './log-model';

/** Lines per `runs.log` call (the contract allows up to 10,000). */
const PAGE_SIZE = 5_000;
/**
 * The engine sends a line before it stores it, so right after a subscription the history can end a few lines
 * short of the first live one. Ask again this often, this many times, before showing the live lines with a gap.
 */
const GAP_WAIT_MS = 300;
const GAP_WAITS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One log model per open flow, kept while its editor is open: switching the dock to the plan and back keeps the
 * lines and the filter, and only catches up on what arrived meanwhile.
 */
const models = new WeakMap<object, LogModel>();
function modelOf(owner: object): LogModel {
  let model = models.get(owner);
  if (!model) {
    model = new LogModel();
    models.set(owner, model);
  }
  return model;
}

/**
 * The log of one run, kept current: loads its past lines page by page with `runs.log`, then appends the lines
 * `runs.onDidAppendLog` brings. Live lines that arrive while the history loads wait and join after it. After a
 * reconnect, or when the panel is shown again, it catches up from the last line it has. `reload` starts again
 * from nothing (after a failed load).
 */
export function useRunLog(runId: string | undefined): { model: LogModel; reload: () => void } {
  const { client } = useAppServices();
  const connection = useAppStore((s) => s.connection);
  const runsStore = useRunsStore();
  const [model] = useState(() => modelOf(runsStore));
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (model.runId !== runId) model.reset(runId);
    if (runId === undefined || connection !== 'open') return;
    let isCurrent = true;
    model.beginLoading();
    const off = client.on('runs.onDidAppendLog', ({ lines }) => model.receiveLive(lines));
    const load = async () => {
      let gapWaits = 0;
      for (;;) {
        const afterSeq = model.nextAfterSeq();
        const { lines } = await client.call('runs.log', { runId, afterSeq, limit: PAGE_SIZE });
        if (!isCurrent) return;
        model.receiveHistory(lines);
        if (model.hasCaughtUp()) break;
        if (lines.length < PAGE_SIZE) {
          if (!model.hasPending || ++gapWaits > GAP_WAITS) break;
          await sleep(GAP_WAIT_MS);
          if (!isCurrent) return;
        }
      }
      model.finishLoading();
    };
    load().catch((error: unknown) => {
      if (isCurrent) model.finishLoading(error instanceof Error ? error.message : String(error));
    });
    return () => {
      isCurrent = false;
      off();
      model.cancelLoading();
    };
  }, [model, client, runId, connection, attempt]);

  const reload = useCallback(() => {
    model.reset(model.runId);
    setAttempt((n) => n + 1);
  }, [model]);
  return { model, reload };
}

/** Re-renders the caller when the model changed (at most once per frame); returns the model's version. */
export function useLogVersion(model: LogModel): number {
  const subscribe = useCallback((listener: () => void) => model.subscribe(listener), [model]);
  return useSyncExternalStore(subscribe, () => model.version);
}
