import { useContext, useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { Icon } from '../../lib/ui/Icon';
import { FlowEditorStoreContext } from '../flow-editor/flow-editor-context';
import { flushAutosave } from '../flow-editor/useAutosave';
import { useFlowEditor } from '../flow-editor/useFlowEditor';
import { useOpenDeadLetterCount } from '../dead-letters/useOpenDeadLetterCount';
import { GoLiveDialog } from './GoLiveDialog';
import { destinationSystems, etaWords, runProgress, type ProgressSample } from './run-progress';
import { useRuns, useRunsStore } from './runs-context';
import { isActive, type RunSummary } from './runs-store';
import { ScheduleDialog } from './ScheduleDialog';

/**
 * The editor bar's run controls: the progress of the running run, the live toggle (with a confirmation that
 * shows what the last shadow run would do), the schedule, the runs panel, and Run / Cancel.
 */
export function RunControls() {
  const { client, store: appStore } = useAppServices();
  const editor = useContext(FlowEditorStoreContext)!;
  const runsStore = useRunsStore();
  const flowId = useFlowEditor((s) => s.flow.id);
  const name = useFlowEditor((s) => s.flow.name);
  const mode = useFlowEditor((s) => s.flow.mode);
  const hasProblems = useFlowEditor((s) => s.problems.length > 0 || s.hostProblems.length > 0);
  const runs = useRuns((s) => s.runs);
  const isDockOpen = useRuns((s) => s.isDockOpen);
  const deadLetters = useOpenDeadLetterCount(flowId);
  const [isStarting, setStarting] = useState(false);
  const [dialog, setDialog] = useState<'go-live' | 'schedule' | undefined>();
  const latest = runs[0];
  const running = isActive(latest) || latest?.status === 'awaiting-confirmation' ? latest : undefined;
  const lastShadow = runs.find((r) => r.mode === 'shadow' && r.status === 'succeeded');

  const start = async () => {
    setStarting(true);
    try {
      await flushAutosave(editor);
      const { saveStatus, saveError } = editor.getState();
      if (saveStatus !== 'saved') throw new Error(saveError ?? 'it has unsaved changes');
      await client.call('runs.start', { flowId, mode });
      runsStore.getState().selectRun(undefined);
      runsStore.getState().openDock('log');
    } catch (error) {
      appStore.getState().notify(errorNotice(`Could not run '${name}'`, error));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!running) return;
    try {
      await client.call('runs.cancel', { runId: running.id });
    } catch (error) {
      appStore.getState().notify(errorNotice('Could not cancel the run', error));
    }
  };

  const setMode = (next: 'shadow' | 'live') => {
    editor.getState().edit((f) => ({ ...f, mode: next }));
    setDialog(undefined);
    appStore.getState().notify({
      tone: next === 'live' ? 'success' : 'info',
      text:
        next === 'live'
          ? `'${name}' is live: its runs now write to the destination`
          : `'${name}' is back in shadow mode: its runs write nothing`,
    });
  };

  return (
    <div className="run-controls">
      {running && <RunProgressBar run={running} />}
      <label
        className="live-switch"
        title="Live runs write to the destination; shadow runs only show the plan"
      >
        <input
          type="checkbox"
          role="switch"
          checked={mode === 'live'}
          onChange={(e) => (e.target.checked ? setDialog('go-live') : setMode('shadow'))}
        />
        <span className="live-switch-track" aria-hidden="true" />
        Live
      </label>
      <button
        type="button"
        className="btn btn-ghost btn-compact"
        onClick={() => setDialog('schedule')}
        title="Run this flow every few minutes"
      >
        <Icon name="clock" size={15} /> Schedule
      </button>
      <button
        type="button"
        className={`btn btn-compact ${isDockOpen ? 'btn-secondary' : 'btn-ghost'}`}
        aria-pressed={isDockOpen}
        onClick={() => runsStore.getState().setDockOpen(!isDockOpen)}
      >
        <Icon name="panel" size={15} /> Runs
        {deadLetters ? (
          <span className="runs-dock-count" title={`${deadLetters} dead letter(s) to fix or discard`}>
            {deadLetters}
          </span>
        ) : null}
      </button>
      {running ? (
        <button type="button" className="btn btn-secondary btn-compact" onClick={() => void cancel()}>
          <Icon name="stop" size={14} /> Cancel run
        </button>
      ) : (
        <button
          type="button"
          className={`btn btn-compact ${mode === 'live' ? 'btn-live' : 'btn-primary'}`}
          disabled={isStarting || hasProblems}
          title={hasProblems ? 'Fix the problems first' : undefined}
          onClick={() => void start()}
        >
          <Icon name="play" size={14} /> {mode === 'live' ? 'Run live' : 'Run in shadow mode'}
        </button>
      )}
      {dialog === 'go-live' && (
        <GoLiveDialog
          flowName={name}
          lastShadow={lastShadow}
          onConfirm={() => setMode('live')}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'schedule' && (
        <ScheduleDialog flowId={flowId} flowName={name} mode={mode} onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}

/** Records read, planned and written, with an ETA once writing (the destination's rate budget included). */
function RunProgressBar({ run }: { run: RunSummary }) {
  const flow = useFlowEditor((s) => s.flow);
  const done = run.counts.written + run.counts.deadLetters;
  // Samples of the done count over the last 15 s give the observed rate (state derived while rendering).
  const [samples, setSamples] = useState<{ done: number; list: ProgressSample[] }>({ done: -1, list: [] });
  if (samples.done !== done) {
    const at = new Date(run.updatedAt).getTime();
    setSamples({ done, list: [...samples.list.filter((x) => at - x.at < 15_000), { at, done }] });
  }
  const p = runProgress(run, destinationSystems(flow), samples.list);
  const label =
    p.phase === 'reading'
      ? `Reading: ${p.read.toLocaleString()} read, ${p.planned.toLocaleString()} planned`
      : p.phase === 'waiting'
        ? 'Waiting for your confirmation'
        : `Writing ${p.done.toLocaleString()} of ${p.total.toLocaleString()}${
            p.etaSeconds ? ` · ${etaWords(p.etaSeconds)} left` : ''
          }`;
  return (
    <div className="run-progress" data-phase={p.phase} data-testid="run-progress">
      <span className="run-progress-label">{label}</span>
      <progress
        className="run-progress-bar"
        max={1}
        {...(p.fraction === undefined ? {} : { value: p.fraction })}
        aria-label={label}
      />
    </div>
  );
}
