import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { Icon } from '../../lib/ui/Icon';
import type { RunSummary } from '../runs/runs-store';
import { formatMoney } from './money-format';
import { actionWords, recordTitle, type PlanItem } from './plan-words';
import { RecordDiff } from './RecordDiff';

interface HeldRecordsReviewProps {
  /** An apply run waiting for confirmation. */
  readonly run: RunSummary;
  /** destNode → the destination system's name. */
  readonly systemLabels: ReadonlyMap<string, string>;
  readonly onShowPlan: () => void;
}

/** Held records are fetched in pages of this many. */
const PAGE = 1_000;

/**
 * An applied plan stopped before writing records that changed after the review: each is shown with what it
 * would now write (its new diff), ticked to confirm. "Confirm N and continue" writes the ticked ones (the others
 * are left out), "Leave them out" writes none of them; the rest of the plan is written either way.
 */
export function HeldRecordsReview({ run, systemLabels, onShowPlan }: HeldRecordsReviewProps) {
  const { client, store } = useAppServices();
  const [held, setHeld] = useState<readonly PlanItem[]>();
  const [included, setIncluded] = useState<ReadonlySet<number>>(new Set());
  const [isSending, setSending] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    (async () => {
      const items: PlanItem[] = [];
      for (let page = 0; ; page++) {
        const answer = await client.call('runs.planItems', {
          runId: run.id,
          statuses: ['held'],
          page,
          pageSize: PAGE,
        });
        items.push(...answer.items);
        if (items.length >= answer.total || answer.items.length === 0) break;
      }
      return items;
    })().then(
      (items) => {
        if (!isCurrent) return;
        setHeld(items);
        setIncluded(new Set(items.map((i) => i.seq)));
      },
      (error: unknown) =>
        isCurrent && store.getState().notify(errorNotice('Could not load the changed records', error)),
    );
    return () => {
      isCurrent = false;
    };
  }, [client, store, run.id]);

  const confirm = async (include: readonly number[]) => {
    setSending(true);
    try {
      await client.call('runs.confirm', { runId: run.id, include: [...include] });
    } catch (error) {
      store.getState().notify(errorNotice('Could not continue the run', error));
      setSending(false);
    }
  };

  const count = included.size;
  return (
    <section className="held-review" data-testid="held-review" aria-labelledby="held-review-title">
      <div className="held-review-head">
        <Icon name="alert" size={18} />
        <div>
          <h3 id="held-review-title">
            {held === undefined
              ? 'Some records changed since you reviewed the plan'
              : `${held.length.toLocaleString()} record${held.length === 1 ? '' : 's'} changed since you reviewed the plan`}
          </h3>
          <p className="muted">
            The rest of the plan is ready to be written. Check what these would write now: tick the ones to
            write, the others are left out.
          </p>
        </div>
        <button type="button" className="btn btn-ghost btn-compact" onClick={onShowPlan}>
          Show the whole plan
        </button>
      </div>
      <div className="held-review-list">
        {held === undefined && <p className="muted">Loading the changed records…</p>}
        {held?.map((item, i) => (
          <details
            key={item.seq}
            className="held-record"
            open={i === 0}
            data-testid="held-record"
            data-seq={item.seq}
          >
            <summary>
              <input
                type="checkbox"
                checked={included.has(item.seq)}
                aria-label={`Write ${recordTitle(item)}`}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => {
                  const next = new Set(included);
                  if (e.currentTarget.checked) next.add(item.seq);
                  else next.delete(item.seq);
                  setIncluded(next);
                }}
              />
              <span className="held-record-title">
                <strong>{recordTitle(item)}</strong>
                {item.subtitle && <span className="muted"> · {item.subtitle}</span>}
              </span>
              <span className={`plan-action plan-action-${item.action}`}>{actionWords[item.action]}</span>
              <span className="held-record-changes muted">
                {item.action === 'update'
                  ? `${item.changeCount} field${item.changeCount === 1 ? '' : 's'} change`
                  : ''}
              </span>
              <span className="held-record-amount">
                {item.money ? formatMoney(item.money.currency, item.money.gross) : ''}
              </span>
            </summary>
            <RecordDiff
              entity={item.entity}
              item={item}
              systemLabel={systemLabels.get(item.destNode) ?? 'the destination'}
            />
          </details>
        ))}
      </div>
      <div className="held-review-actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={isSending || held === undefined}
          onClick={() => void confirm([])}
        >
          Leave them out
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={isSending || held === undefined || count === 0}
          onClick={() => void confirm([...included])}
        >
          Confirm {count.toLocaleString()} and continue
        </button>
      </div>
    </section>
  );
}
