import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isActive } from '../runs/runs-store';
import type { RunSummary } from '../runs/runs-store';
import { useFlowEditor } from '../flow-editor/useFlowEditor';
import { copyText } from './copy-text';
import { lineText, logNodeTitles } from './log-format';
import { isFiltering, type LogLine, type LogModel } from './log-model';
import { LogLineDetails } from './LogLineDetails';
import { LogList } from './LogList';
import { LogToolbar } from './LogToolbar';
import { useLogFilter, type LogFilterControls } from './useLogFilter';
import { useLogVersion, useRunLog } from './useRunLog';
import './run-log.css';

/** Props the runs dock gives the live log. */
export interface RunLogPanelProps {
  readonly flowId: string;
  /** The run whose log to show; undefined when the flow has never run. */
  readonly run: RunSummary | undefined;
  /** "Jump to the record in the diff": opens the plan tab on this record. */
  readonly onJumpToRecord: (recordKey: string) => void;
}

/** How long a copied line shows its tick. */
const COPIED_MS = 1_500;

/**
 * The live log of a run: what the engine does as it happens, filterable by level, node, record and words,
 * following the newest line unless the user scrolls up. A line can be copied, and a line about a record leads to
 * that record in the plan.
 */
export function RunLogPanel({ flowId, run, onJumpToRecord }: RunLogPanelProps) {
  const { model, reload } = useRunLog(run?.id);
  const controls = useLogFilter(model);
  const nodes = useFlowEditor((s) => s.flow.nodes);
  const titles = useMemo(() => logNodeTitles(nodes), [nodes]);
  const [active, setActive] = useState<LogLine>();
  const [copiedSeq, setCopiedSeq] = useState<number>();
  const [announcement, setAnnouncement] = useState('');
  const [shownRunId, setShownRunId] = useState(run?.id);
  const hintId = useId();

  if (run?.id !== shownRunId) {
    setShownRunId(run?.id);
    setActive(undefined);
  }

  // The dock passes a new function on each of its renders; the rows keep one stable callback.
  const jumpRef = useRef(onJumpToRecord);
  useLayoutEffect(() => {
    jumpRef.current = onJumpToRecord;
  });
  const jump = useCallback((recordKey: string) => jumpRef.current(recordKey), []);

  const copy = useCallback(
    async (line: LogLine) => {
      const isCopied = await copyText(lineText(line, titles));
      setCopiedSeq(isCopied ? line.seq : undefined);
      setAnnouncement(isCopied ? 'Line copied' : 'The line could not be copied');
    },
    [titles],
  );
  const onCopy = useCallback((line: LogLine) => void copy(line), [copy]);

  useEffect(() => {
    if (copiedSeq === undefined) return;
    const timer = setTimeout(() => setCopiedSeq(undefined), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copiedSeq]);

  if (!run) {
    return (
      <div className="run-log-empty" data-testid="run-log">
        <p>
          <strong>This flow has not run yet.</strong>
        </p>
        <p className="muted">
          Run it in shadow mode to see what it would do without writing anything; its log appears here as it
          runs.
        </p>
      </div>
    );
  }

  return (
    <div className="run-log" data-testid="run-log" data-flow-id={flowId} data-run-id={run.id}>
      <LogToolbar model={model} controls={controls} titles={titles} />
      <LogNotes model={model} onRetry={reload} />
      <LogList
        model={model}
        titles={titles}
        active={active}
        onActiveChange={setActive}
        copiedSeq={copiedSeq}
        onCopy={onCopy}
        onJumpToRecord={jump}
        empty={<EmptyLog model={model} controls={controls} isRunning={isActive(run)} />}
        hintId={hintId}
      />
      {active && (
        <LogLineDetails
          line={active}
          titles={titles}
          isCopied={copiedSeq === active.seq}
          onCopy={onCopy}
          onJumpToRecord={jump}
          onClose={() => setActive(undefined)}
        />
      )}
      <p id={hintId} className="visually-hidden">
        Up and down arrows select a line, C copies it, Enter shows its record in the plan, End follows the
        newest lines.
      </p>
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
    </div>
  );
}

/** Notes above the list: earlier lines left out, or a history that could not be loaded. */
function LogNotes({ model, onRetry }: { model: LogModel; onRetry: () => void }) {
  useLogVersion(model);
  return (
    <>
      {model.hiddenBefore > 0 && (
        <p className="log-note" data-testid="log-hidden-note">
          Showing the latest {model.capacity.toLocaleString()} lines; {model.hiddenBefore.toLocaleString()}{' '}
          earlier {model.hiddenBefore === 1 ? 'line is' : 'lines are'} not shown here.
        </p>
      )}
      {model.loadError !== undefined && (
        <p className="log-note log-note-error" role="alert" data-testid="log-load-error">
          The earlier lines of this run could not be loaded ({model.loadError}). New lines still appear.
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      )}
    </>
  );
}

/** What the list says when no line shows. */
function EmptyLog({
  model,
  controls,
  isRunning,
}: {
  model: LogModel;
  controls: LogFilterControls;
  isRunning: boolean;
}) {
  useLogVersion(model);
  if (model.lineCount === 0) {
    return (
      <p className="muted" aria-busy={model.isLoading}>
        {model.isLoading
          ? 'Loading the log…'
          : isRunning
            ? 'Waiting for the first lines…'
            : 'This run wrote no log lines.'}
      </p>
    );
  }
  if (isFiltering(model.filter)) {
    return (
      <p className="muted">
        No lines match these filters.{' '}
        <button type="button" className="link-button" onClick={controls.clear}>
          Clear filters
        </button>
      </p>
    );
  }
  return null;
}
