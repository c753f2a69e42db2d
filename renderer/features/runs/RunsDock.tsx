import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { IconButton } from '../../lib/ui/IconButton';
import { DeadLettersPanel } from '../dead-letters/DeadLettersPanel';
import { useOpenDeadLetterCount } from '../dead-letters/useOpenDeadLetterCount';
import { PlanReviewPanel } from '../plan-review/PlanReviewPanel';
import { RunHistoryPanel } from '../run-history/RunHistoryPanel';
import { RunLogPanel } from '../run-log/RunLogPanel';
import { useRuns, useRunsStore } from './runs-context';
import { shownRun, type DockTab } from './runs-store';
import { RunTitle } from './RunTitle';
import './runs.css';

const tabs: ReadonlyArray<{ id: DockTab; label: string }> = [
  { id: 'log', label: 'Log' },
  { id: 'plan', label: 'Plan' },
  { id: 'dead-letters', label: 'Dead letters' },
  { id: 'history', label: 'History' },
];

const MIN_HEIGHT = 160;
const heightKey = 'ledgerflow.runsDock.height';

/**
 * The dock under the canvas where a bookkeeper follows and reviews runs: the live log, the shadow plan (the diff),
 * dead letters and the run history. It shows one run at a time (the newest unless one is opened from the history)
 * and can be resized by its top edge.
 */
export function RunsDock() {
  const store = useRunsStore();
  const flowId = useRuns((s) => s.flowId);
  const isOpen = useRuns((s) => s.isDockOpen);
  const tab = useRuns((s) => s.dockTab);
  const run = useRuns(shownRun);
  const runs = useRuns((s) => s.runs);
  const selectedRunId = useRuns((s) => s.selectedRunId);
  const focusRecordKey = useRuns((s) => s.focusRecordKey);
  const deadLetters = useOpenDeadLetterCount(flowId);
  const [height, setHeight] = useState(() => Number(localStorage.getItem(heightKey)) || 320);
  const dockRef = useRef<HTMLElement>(null);

  const follow = useCallback(
    (runId: string, nextTab: DockTab) => {
      store.getState().selectRun(runId);
      store.getState().openDock(nextTab);
    },
    [store],
  );

  const startResize = (event: ReactPointerEvent<HTMLDivElement>) => {
    const startY = event.clientY;
    const startHeight = height;
    const max = () => (dockRef.current?.parentElement?.clientHeight ?? 800) - 120;
    let next = startHeight;
    const move = (e: PointerEvent) => {
      next = Math.max(MIN_HEIGHT, Math.min(max(), startHeight + startY - e.clientY));
      setHeight(next);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      localStorage.setItem(heightKey, String(Math.round(next)));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  if (!isOpen) return null;
  return (
    <section className="runs-dock" style={{ height }} ref={dockRef} aria-label="Runs" data-testid="runs-dock">
      <div
        className="runs-dock-resize"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the runs panel"
        onPointerDown={startResize}
      />
      <div className="runs-dock-bar">
        <div className="runs-dock-tabs" role="tablist" aria-label="Run views">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`runs-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="runs-dock-panel"
              className="runs-dock-tab"
              onClick={() => store.getState().openDock(t.id)}
            >
              {t.label}
              {t.id === 'dead-letters' && deadLetters ? (
                <span className="runs-dock-count" aria-label={`${deadLetters} open`}>
                  {deadLetters}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        {run && (tab === 'log' || tab === 'plan') && (
          <div className="runs-dock-run">
            <RunTitle run={run} />
            {selectedRunId && selectedRunId !== runs[0]?.id && (
              <button
                type="button"
                className="btn btn-ghost btn-compact"
                onClick={() => store.getState().selectRun(undefined)}
              >
                Show the latest run
              </button>
            )}
          </div>
        )}
        <IconButton
          icon="x"
          label="Close the runs panel"
          tooltip="Close"
          onClick={() => store.getState().setDockOpen(false)}
        />
      </div>
      <div
        className="runs-dock-panel"
        id="runs-dock-panel"
        role="tabpanel"
        aria-labelledby={`runs-tab-${tab}`}
      >
        {tab === 'log' && (
          <RunLogPanel
            flowId={flowId}
            run={run}
            onJumpToRecord={(recordKey) => store.getState().focusRecord(recordKey)}
          />
        )}
        {tab === 'plan' && (
          <PlanReviewPanel
            run={run}
            focusRecordKey={focusRecordKey}
            onApplyStarted={(runId) => follow(runId, 'log')}
          />
        )}
        {tab === 'dead-letters' && (
          <DeadLettersPanel flowId={flowId} onRetryStarted={(runId) => follow(runId, 'log')} />
        )}
        {tab === 'history' && (
          <RunHistoryPanel
            flowId={flowId}
            runs={runs}
            selectedRunId={selectedRunId}
            onOpenRun={(runId, t) => follow(runId, t)}
          />
        )}
      </div>
    </section>
  );
}
