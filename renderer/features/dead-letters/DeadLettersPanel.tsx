import { useCallback, useContext, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { Icon } from '../../lib/ui/Icon';
import { useNow } from '../../lib/useNow';
import { nodeTitle, systemOf } from '../canvas/node-titles';
import { FlowEditorStoreContext } from '../flow-editor/flow-editor-context';
import { flushAutosave } from '../flow-editor/useAutosave';
import { useFlowEditor } from '../flow-editor/useFlowEditor';
import { useRuns } from '../runs/runs-context';
import { isActive } from '../runs/runs-store';
import { deadLetterCount, recordLabel, type DeadLetter } from './dead-letter-words';
import { DeadLetterRow, type DeadLetterDestination } from './DeadLetterRow';
import { DiscardDeadLettersDialog } from './DiscardDeadLettersDialog';
import { useDeadLetterFeed } from './useDeadLetterFeed';
import './dead-letters.css';

/** Props the runs dock gives the dead letters tab. */
export interface DeadLettersPanelProps {
  readonly flowId: string;
  /** A retry run was started: the dock follows it. */
  readonly onRetryStarted: (runId: string) => void;
}

/** Rows rendered at first (and added per "Show more"): a long list stays quick to open. */
const PAGE = 100;
const noIds: ReadonlySet<string> = new Set();

/**
 * The flow's dead letters: records a destination refused or that still failed after every retry, each with the
 * system's own message, our code and message, attempts and the data that was sent. Retry one, the selected or
 * all of them through the flow as it is now (so a fixed mapping applies), or discard them with a reason.
 */
export function DeadLettersPanel({ flowId, onRetryStarted }: DeadLettersPanelProps) {
  const { client, store: appStore } = useAppServices();
  const editor = useContext(FlowEditorStoreContext);
  const [state, feed] = useDeadLetterFeed(
    flowId,
    useShallow((s) => ({
      open: s.open,
      closed: s.closed,
      showClosed: s.showClosed,
      loadError: s.loadError,
      retrying: s.retrying,
    })),
  );
  const flow = useFlowEditor((s) => s.flow);
  const isRetryRunning = useRuns((s) => s.runs.some((r) => r.kind === 'retry' && isActive(r)));
  const now = useNow();
  const [picked, setPicked] = useState<ReadonlySet<string>>(noIds);
  const [shown, setShown] = useState(PAGE);
  const [isBusy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState<readonly DeadLetter[]>();

  const open = useMemo(() => state.open ?? [], [state.open]);
  const { retrying } = state;
  // Only letters that are still open and not being retried can be selected; the rest drop out by themselves.
  const selectable = useMemo(() => open.filter((l) => !retrying[l.id]), [open, retrying]);
  const selected = useMemo(() => selectable.filter((l) => picked.has(l.id)), [selectable, picked]);

  const destinations = useMemo(() => {
    const byNode = new Map<string, DeadLetterDestination>();
    for (const node of flow.nodes) {
      const system = systemOf(flow, node);
      byNode.set(node.id, {
        title: nodeTitle(node),
        system: system ? connectorDescriptors[system].label : undefined,
      });
    }
    return byNode;
  }, [flow]);
  const destinationOf = (nodeId: string): DeadLetterDestination =>
    destinations.get(nodeId) ?? { title: `a node no longer in the flow (${nodeId})`, system: undefined };

  const retry = useCallback(
    async (letters: readonly DeadLetter[]) => {
      if (letters.length === 0) return;
      const what = deadLetterCount(letters.length);
      setBusy(true);
      try {
        // The retry goes through the flow as the host has it: save the edits made since (a fixed mapping) first.
        if (editor) {
          await flushAutosave(editor);
          const { saveStatus, saveError } = editor.getState();
          if (saveStatus !== 'saved') throw new Error(saveError ?? 'the flow has unsaved changes');
        }
        const ids = letters.map((l) => l.id);
        const { runId } = await client.call('runs.deadLetters.retry', { ids });
        feed.retryStarted(ids, runId);
        setPicked(noIds);
        appStore.getState().notify({ tone: 'info', text: `Retrying ${what} through the flow as it is now` });
        onRetryStarted(runId);
      } catch (error) {
        appStore.getState().notify(errorNotice(`Could not retry ${what}`, error));
        void feed.reload();
      } finally {
        setBusy(false);
      }
    },
    [client, appStore, editor, feed, onRetryStarted],
  );

  const discard = async (letters: readonly DeadLetter[], reason: string) => {
    const ids = letters.map((l) => l.id);
    const { discarded } = await client.call('runs.deadLetters.discard', { ids, reason });
    setDiscarding(undefined);
    setPicked((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
    appStore.getState().notify({ tone: 'success', text: `Discarded ${deadLetterCount(discarded)}` });
    await feed.reload();
  };

  const byId = useMemo(() => new Map(open.map((l) => [l.id, l])), [open]);
  const onToggle = useCallback(
    (id: string) =>
      setPicked((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const onRetryOne = useCallback(
    (id: string) => {
      const letter = byId.get(id);
      if (letter) void retry([letter]);
    },
    [byId, retry],
  );
  const onDiscardOne = useCallback(
    (id: string) => {
      const letter = byId.get(id);
      if (letter) setDiscarding([letter]);
    },
    [byId],
  );
  const noop = useCallback(() => undefined, []);

  if (state.open === undefined) {
    return state.loadError ? (
      <LoadError message={state.loadError} onRetry={() => void feed.reload()} />
    ) : (
      <p className="muted runs-empty" aria-busy="true">
        Loading dead letters…
      </p>
    );
  }

  const isAllSelected = selectable.length > 0 && selected.length === selectable.length;
  const closed = state.showClosed ? (state.closed ?? []) : [];
  return (
    <div className="dead-letters" data-testid="dead-letters">
      <div className="dead-letters-bar" role="toolbar" aria-label="Dead letters">
        <input
          type="checkbox"
          className="dead-letter-check"
          aria-label="Select all open dead letters"
          checked={isAllSelected}
          disabled={selectable.length === 0}
          ref={(el) => {
            if (el) el.indeterminate = selected.length > 0 && !isAllSelected;
          }}
          onChange={() => setPicked(isAllSelected ? noIds : new Set(selectable.map((l) => l.id)))}
        />
        <span className="dead-letters-count" data-testid="dead-letters-count">
          {open.length === 0 ? 'No open dead letters' : `${deadLetterCount(open.length)} open`}
          {selected.length > 0 && (
            <span className="muted"> · {selected.length.toLocaleString()} selected</span>
          )}
        </span>
        <div className="dead-letters-bar-actions">
          {selected.length > 0 ? (
            <>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                disabled={isBusy}
                onClick={() => void retry(selected)}
              >
                Retry selected
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                disabled={isBusy}
                onClick={() => setDiscarding(selected)}
              >
                Discard selected
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={isBusy || selectable.length === 0}
              onClick={() => void retry(selectable)}
            >
              Retry all
            </button>
          )}
          <label className="dead-letters-toggle">
            <input
              type="checkbox"
              checked={state.showClosed}
              onChange={(e) => feed.setShowClosed(e.target.checked)}
            />
            Show retried and discarded
          </label>
        </div>
      </div>
      {state.loadError && <LoadError message={state.loadError} onRetry={() => void feed.reload()} />}
      {isRetryRunning && (
        <p className="dead-letters-note" role="status">
          <span className="spinner" aria-hidden="true" /> A retry is running. The records it writes leave this
          list when it finishes.
        </p>
      )}
      <div className="dead-letters-scroll">
        {open.length === 0 ? (
          <EmptyState />
        ) : (
          <ul className="dead-letters-list" aria-label="Open dead letters">
            {open.slice(0, shown).map((letter) => (
              <DeadLetterRow
                key={letter.id}
                letter={letter}
                destination={destinationOf(letter.destNode)}
                now={now}
                isOpen
                isSelected={picked.has(letter.id) && !retrying[letter.id]}
                isRetrying={Boolean(retrying[letter.id])}
                isBusy={isBusy}
                onToggle={onToggle}
                onRetry={onRetryOne}
                onDiscard={onDiscardOne}
              />
            ))}
          </ul>
        )}
        {open.length > shown && (
          <button
            type="button"
            className="btn btn-ghost btn-small dead-letters-more"
            onClick={() => setShown(shown + PAGE)}
          >
            Show {Math.min(PAGE, open.length - shown)} more of {(open.length - shown).toLocaleString()}
          </button>
        )}
        {state.showClosed && (
          <section className="dead-letters-closed" aria-label="Retried and discarded dead letters">
            <h3>Retried and discarded</h3>
            {state.closed === undefined ? (
              <p className="muted small">Loading…</p>
            ) : closed.length === 0 ? (
              <p className="muted small">None yet.</p>
            ) : (
              <ul className="dead-letters-list">
                {closed.slice(0, shown).map((letter) => (
                  <DeadLetterRow
                    key={letter.id}
                    letter={letter}
                    destination={destinationOf(letter.destNode)}
                    now={now}
                    isOpen={false}
                    isSelected={false}
                    isRetrying={false}
                    isBusy
                    onToggle={noop}
                    onRetry={noop}
                    onDiscard={noop}
                  />
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
      {discarding && (
        <DiscardDeadLettersDialog
          count={discarding.length}
          recordLabel={discarding.length === 1 ? recordLabel(discarding[0]!) : undefined}
          onConfirm={(reason) => discard(discarding, reason)}
          onClose={() => setDiscarding(undefined)}
        />
      )}
    </div>
  );
}

/** What a dead letter is, for a flow that has none. */
function EmptyState() {
  return (
    <div className="dead-letters-empty" data-testid="dead-letters-empty">
      <span className="dead-letters-empty-icon" aria-hidden="true">
        <Icon name="check" size={18} />
      </span>
      <div>
        <h3>No dead letters</h3>
        <p>
          A dead letter is a record the destination refused (for example Xero answering that a contact name is
          already in use) or that still failed after every retry. It waits here with the system’s own message
          and the data that was sent, so you can fix the cause, in the mapping or in the data, and retry it,
          or discard it with a reason.
        </p>
      </div>
    </div>
  );
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="dead-letters-error" role="alert">
      <Icon name="alert" size={15} />
      <span>Could not load the dead letters: {message}</span>
      <button type="button" className="btn btn-ghost btn-small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
