import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { useAppServices } from '../../app/useAppServices';
import { relativeTime } from '../../lib/relative-time';
import { Dialog } from '../../lib/ui/Dialog';
import type { RunSummary } from './runs-store';

type Summary = CallOutput<'runs.planSummary'>;
const actions = ['create', 'update', 'unchanged', 'skip', 'invalid'] as const;
const actionWords: Record<(typeof actions)[number], string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  skip: 'Skip',
  invalid: 'Invalid',
};

/**
 * Confirms taking a flow live, showing what its last shadow run would do per destination and action: the
 * bookkeeper sees the consequences before the first live write, not after.
 */
export function GoLiveDialog({
  flowName,
  lastShadow,
  onConfirm,
  onClose,
}: {
  flowName: string;
  lastShadow: RunSummary | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { client } = useAppServices();
  const [summary, setSummary] = useState<Summary | 'failed' | undefined>();
  useEffect(() => {
    if (!lastShadow) return;
    let isCurrent = true;
    client
      .call('runs.planSummary', { runId: lastShadow.id })
      .then((s) => isCurrent && setSummary(s))
      .catch(() => isCurrent && setSummary('failed'));
    return () => {
      isCurrent = false;
    };
  }, [client, lastShadow]);

  return (
    <Dialog
      isOpen
      title={`Take '${flowName}' live?`}
      tone="warning"
      width="wide"
      onClose={onClose}
      testId="go-live-dialog"
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose} autoFocus>
            Stay in shadow mode
          </button>
          <button type="button" className="btn btn-primary" onClick={onConfirm}>
            Go live
          </button>
        </>
      }
    >
      <p className="dialog-text">
        Live runs write to the destination. Until now this flow only showed what it would do.
      </p>
      {!lastShadow ? (
        <p className="dialog-hint" role="note">
          It has not run in shadow mode yet, so there is nothing to show. Consider running it in shadow mode
          and reviewing the plan first.
        </p>
      ) : summary === 'failed' ? (
        <p className="dialog-hint">The last shadow run’s plan could not be loaded.</p>
      ) : !summary ? (
        <p className="muted" aria-busy="true">
          Loading the last shadow run…
        </p>
      ) : (
        <>
          <p className="dialog-hint">
            The last shadow run ({relativeTime(lastShadow.startedAt, new Date())}) would do this:
          </p>
          <table className="golive-table">
            <thead>
              <tr>
                <th scope="col">Destination</th>
                {actions.map((a) => (
                  <th scope="col" key={a} className="num">
                    {actionWords[a]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.destinations.map((d) => (
                <tr key={d.destNode}>
                  <th scope="row">{d.destLabel}</th>
                  {actions.map((a) => (
                    <td key={a} className="num" data-zero={d.actions[a] === 0 || undefined}>
                      {d.actions[a].toLocaleString()}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
