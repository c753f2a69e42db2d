import { useCallback, useEffect, useMemo, useState } from 'react';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { useAppServices } from '../../app/useAppServices';
import { errorNotice } from '../../lib/error-notice';
import { saveTextFile } from '../../lib/save-file';
import { Icon } from '../../lib/ui/Icon';
import { useRuns, useRunsStore } from '../runs/runs-context';
import type { RunSummary } from '../runs/runs-store';
import { ApplyPlanDialog } from './ApplyPlanDialog';
import { HeldRecordsReview } from './HeldRecordsReview';
import { PlanRecordDetail } from './PlanRecordDetail';
import { PlanSummary } from './PlanSummary';
import { PlanTable } from './PlanTable';
import {
  actionWords,
  planActions,
  type ApplyPart,
  type DestinationSummary,
  type PlanAction,
  type PlanFlagKind,
  type PlanItem,
} from './plan-words';
import { negateAmount, sumAmounts } from './money-format';
import { usePlanPages, allRecords, isPlanOrder, type PlanQuery } from './usePlanPages';
import { usePlanSummary } from './usePlanSummary';
import './plan-review.css';

/** Props the runs dock gives the plan review. */
export interface PlanReviewPanelProps {
  /** The run whose plan to show; undefined when the flow has never run. */
  readonly run: RunSummary | undefined;
  /** A record to scroll to and open (from the log's "jump to record"). */
  readonly focusRecordKey: string | undefined;
  /** An apply run was started from this plan: the dock follows it. */
  readonly onApplyStarted: (runId: string) => void;
}

/**
 * The plan of a run, for a bookkeeper to review before anything is written (the shadow diff): what would be
 * created, changed or left alone per destination with the money involved, every record with its reason and
 * flags, each one side by side; then "Apply this plan" writes exactly the reviewed records, minus those left out.
 */
export function PlanReviewPanel({ run, focusRecordKey, onApplyStarted }: PlanReviewPanelProps) {
  if (!run)
    return (
      <div className="plan-empty" data-testid="plan-review">
        <p>
          <strong>This flow has not run yet.</strong>
        </p>
        <p className="muted">
          Run it in shadow mode: nothing is written, and its plan shows here, record by record, for you to
          review and apply.
        </p>
      </div>
    );
  // One review per run: filters, the open record and the records left out start afresh with another run.
  return (
    <PlanReview key={run.id} run={run} focusRecordKey={focusRecordKey} onApplyStarted={onApplyStarted} />
  );
}

/** A record left out of the apply: enough to count it per destination and action. */
type LeftOut = Pick<PlanItem, 'action' | 'destNode' | 'money'>;

/** Search words wait this long for the next key before the table asks the host. */
const SEARCH_DELAY_MS = 250;
/** A running run's table rows are read again at most this often. */
const REFRESH_MS = 1_500;

function PlanReview({ run, focusRecordKey, onApplyStarted }: PlanReviewPanelProps & { run: RunSummary }) {
  const { client, store: appStore } = useAppServices();
  const runsStore = useRunsStore();
  const newestRunId = useRuns((s) => s.runs.find((r) => r.kind !== 'retry')?.id);
  const { summary, places } = usePlanSummary(run);
  const [query, setQuery] = useState<PlanQuery>(allRecords);
  const [searchText, setSearchText] = useState('');
  const [open, setOpen] = useState<PlanItem>();
  const [reveal, setReveal] = useState<{ index: number; nonce: number }>();
  const [excluded, setExcluded] = useState<ReadonlyMap<number, LeftOut>>(new Map());
  const [isAsking, setAsking] = useState(false);
  const [isApplying, setApplying] = useState(false);
  const [isExporting, setExporting] = useState(false);
  const [isShowingPlan, setShowingPlan] = useState(false);
  const refreshKey = useThrottledKey(
    `${run.status}|${run.counts.create + run.counts.update + run.counts.unchanged + run.counts.skip + run.counts.invalid}|${run.counts.written}|${run.counts.deadLetters}`,
    REFRESH_MS,
  );
  const { pages, version } = usePlanPages(run.id, query, refreshKey);

  const canApply = run.mode === 'shadow' && run.kind === 'run' && run.status === 'succeeded';
  const isStale = canApply && newestRunId !== undefined && newestRunId !== run.id;
  const canExclude = canApply && !isStale;
  const showStatus = run.mode === 'live';
  const isAwaiting = run.status === 'awaiting-confirmation';
  const destinations = useMemo(() => summary?.destinations ?? [], [summary]);
  const systemLabels = useMemo(
    () =>
      new Map(
        destinations.map((d) => [
          d.destNode,
          d.system ? connectorDescriptors[d.system].label : 'the destination',
        ]),
      ),
    [destinations],
  );

  // Search words reach the query after a pause in typing.
  useEffect(() => {
    const timer = setTimeout(
      () => setQuery((q) => (q.search === searchText ? q : { ...q, search: searchText })),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [searchText]);

  // "Jump to the record" from the log: show every record in plan order, open this one and scroll to it.
  useEffect(() => {
    if (!focusRecordKey) return;
    let isCurrent = true;
    runsStore.getState().focusRecord(undefined);
    client
      .call('runs.planItems', { runId: run.id, recordKey: focusRecordKey, pageSize: 10, withDetail: false })
      .then(
        ({ items }) => {
          if (!isCurrent) return;
          const item = items[0];
          if (!item) {
            appStore.getState().notify({ tone: 'info', text: 'That record is not in this run’s plan.' });
            return;
          }
          setSearchText('');
          setQuery(allRecords);
          setOpen(item);
          // In plan order with no filter, a record's row is its seq − 1.
          setReveal({ index: item.seq - 1, nonce: Date.now() });
        },
        (error: unknown) =>
          isCurrent && appStore.getState().notify(errorNotice('Could not find the record', error)),
      );
    return () => {
      isCurrent = false;
    };
  }, [focusRecordKey, client, run.id, runsStore, appStore]);

  const include = useCallback((item: PlanItem, isIncluded: boolean) => {
    setExcluded((current) => {
      const next = new Map(current);
      if (isIncluded) next.delete(item.seq);
      else next.set(item.seq, leftOutOf(item));
      return next;
    });
  }, []);

  const showOnly = (patch: Partial<PlanQuery>) => {
    setQuery((q) => ({ ...q, actions: undefined, flags: undefined, statuses: undefined, ...patch }));
  };

  const leaveOutFlagged = async () => {
    try {
      const next = new Map(excluded);
      for (let page = 0; ; page++) {
        const answer = await client.call('runs.planItems', {
          runId: run.id,
          flags: ['possible-duplicate', 'rounding'],
          actions: ['create', 'update'],
          withDetail: false,
          page,
          pageSize: 1_000,
        });
        for (const item of answer.items) next.set(item.seq, leftOutOf(item));
        if ((page + 1) * 1_000 >= answer.total || answer.items.length === 0) break;
      }
      setExcluded(next);
    } catch (error) {
      appStore.getState().notify(errorNotice('Could not leave out the flagged records', error));
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { fileName, text } = await client.call('runs.planCsv', { runId: run.id });
      saveTextFile(fileName, text, 'text/csv;charset=utf-8');
    } catch (error) {
      appStore.getState().notify(errorNotice('Could not export the plan', error));
    } finally {
      setExporting(false);
    }
  };

  const applyParts: ApplyPart[] = destinations.map((d) => {
    let create = d.actions.create;
    let update = d.actions.update;
    for (const left of excluded.values())
      if (left.destNode === d.destNode) {
        if (left.action === 'create') create--;
        else if (left.action === 'update') update--;
      }
    return { entity: d.entity, create, update, place: places.get(d.destNode) ?? d.destLabel };
  });
  const writes = applyParts.reduce((n, p) => n + p.create + p.update, 0);
  const applyMoney = moneyToWrite(destinations, excluded);

  const apply = async () => {
    setApplying(true);
    try {
      const { runId } = await client.call('runs.apply', { runId: run.id, exclude: [...excluded.keys()] });
      setAsking(false);
      onApplyStarted(runId);
    } catch (error) {
      appStore.getState().notify(errorNotice('Could not apply the plan', error));
    } finally {
      setApplying(false);
    }
  };

  const totalCounts = (action: PlanAction) => destinations.reduce((n, d) => n + d.actions[action], 0);
  const flaggedCount = destinations.reduce((n, d) => n + d.flagged.any, 0);
  const heldCount = destinations.reduce((n, d) => n + d.statuses.held, 0);
  const openDestination = open && destinations.find((d) => d.destNode === open.destNode);

  if (isAwaiting && !isShowingPlan)
    return (
      <div className="plan-review" data-testid="plan-review" data-run={run.id}>
        <HeldRecordsReview run={run} systemLabels={systemLabels} onShowPlan={() => setShowingPlan(true)} />
      </div>
    );

  const filterButtons: Array<{
    id: string;
    label: string;
    count: number | undefined;
    patch: Partial<PlanQuery>;
  }> = [
    {
      id: 'all',
      label: 'All',
      count: summary ? planActions.reduce((n, a) => n + totalCounts(a), 0) : undefined,
      patch: {},
    },
    ...planActions.map((a) => ({
      id: a,
      label: actionWords[a],
      count: summary ? totalCounts(a) : undefined,
      patch: { actions: [a] },
    })),
    {
      id: 'flagged',
      label: 'To check',
      count: flaggedCount,
      patch: { flags: ['possible-duplicate', 'rounding'] as PlanFlagKind[] },
    },
    ...(heldCount || isAwaiting
      ? [
          {
            id: 'held',
            label: 'Waiting for you',
            count: heldCount,
            patch: { statuses: ['held'] as PlanItem['status'][] },
          },
        ]
      : []),
  ];
  const activeFilter = query.flags
    ? 'flagged'
    : query.statuses?.includes('held')
      ? 'held'
      : query.actions?.length === 1
        ? query.actions[0]!
        : 'all';

  return (
    <div className="plan-review" data-testid="plan-review" data-run={run.id}>
      {isAwaiting && (
        <div className="plan-banner plan-banner-warning">
          <Icon name="alert" size={15} />
          <span>Some records changed since the plan was reviewed and wait for your confirmation.</span>
          <button
            type="button"
            className="btn btn-secondary btn-compact"
            onClick={() => setShowingPlan(false)}
          >
            Review them
          </button>
        </div>
      )}
      <div className={`plan-review-main${open ? ' has-detail' : ''}`}>
        <div className="plan-review-side">
          <RunNote run={run} isStale={isStale} />
          {summary ? (
            <PlanSummary
              destinations={destinations}
              places={places}
              onShowAction={(action) => showOnly({ actions: [action] })}
              onShowFlagged={(flags) => showOnly({ flags })}
              isLive={run.mode === 'live'}
            />
          ) : (
            <p className="muted plan-loading">Adding up the plan…</p>
          )}
        </div>
        <div className="plan-review-records">
          <div className="plan-toolbar" role="toolbar" aria-label="Plan records">
            <input
              type="search"
              className="text-input plan-search"
              placeholder="Search number, name, reason…"
              aria-label="Search records"
              value={searchText}
              onChange={(e) => setSearchText(e.currentTarget.value)}
            />
            <div className="plan-filters" role="group" aria-label="Show">
              {filterButtons.map((f) => (
                <button
                  key={f.id}
                  type="button"
                  className={`plan-filter${activeFilter === f.id ? ' is-active' : ''}${f.id === 'flagged' && f.count ? ' is-flagged' : ''}`}
                  aria-pressed={activeFilter === f.id}
                  data-testid={`plan-filter-${f.id}`}
                  onClick={() => showOnly(f.patch)}
                  disabled={f.count === 0 && f.id !== 'all' && activeFilter !== f.id}
                >
                  {f.label}
                  {f.count !== undefined && (
                    <span className="plan-filter-count">{f.count.toLocaleString()}</span>
                  )}
                </button>
              ))}
            </div>
            <div className="plan-toolbar-end">
              <button
                type="button"
                className="btn btn-ghost btn-compact"
                onClick={() => void exportCsv()}
                disabled={isExporting}
                data-testid="plan-export-csv"
              >
                <Icon name="download" size={14} /> {isExporting ? 'Exporting…' : 'Export CSV'}
              </button>
              {canApply && (
                <button
                  type="button"
                  className="btn btn-primary btn-compact"
                  data-testid="plan-apply"
                  disabled={isStale || !summary || writes === 0}
                  title={
                    isStale
                      ? 'The flow has run since this plan was made: apply the newest plan instead'
                      : writes === 0
                        ? 'Nothing would be written'
                        : undefined
                  }
                  onClick={() => setAsking(true)}
                >
                  <Icon name="check" size={14} /> Apply this plan…
                </button>
              )}
            </div>
          </div>
          {canExclude && (flaggedCount > 0 || excluded.size > 0) && (
            <div className="plan-exclusions" data-testid="plan-exclusions">
              {excluded.size > 0 ? (
                <span>
                  <strong>{excluded.size.toLocaleString()}</strong> left out of the apply
                </span>
              ) : (
                <span className="muted">Untick a record to leave it out when the plan is applied.</span>
              )}
              {flaggedCount > 0 && (
                <button type="button" className="link-button" onClick={() => void leaveOutFlagged()}>
                  Leave out every flagged record
                </button>
              )}
              {excluded.size > 0 && (
                <button type="button" className="link-button" onClick={() => setExcluded(new Map())}>
                  Include all again
                </button>
              )}
            </div>
          )}
          {pages && (
            <PlanTable
              pages={pages}
              version={version}
              order={query.order}
              onOrderChange={(order) => setQuery((q) => ({ ...q, order }))}
              openSeq={open?.seq}
              onOpen={setOpen}
              canExclude={canExclude}
              excluded={excluded}
              onInclude={include}
              showStatus={showStatus}
              reveal={isPlanOrder(query) ? reveal : undefined}
              empty={
                run.status === 'planning' ? (
                  <p className="muted">Reading and comparing… records appear here as they are planned.</p>
                ) : isPlanOrder(query) ? (
                  <p className="muted">The plan is empty: no record reached a destination.</p>
                ) : (
                  <p className="muted">No record matches.</p>
                )
              }
            />
          )}
        </div>
        {open && (
          <PlanRecordDetail
            runId={run.id}
            row={open}
            systemLabel={systemLabels.get(open.destNode) ?? 'the destination'}
            place={(openDestination && places.get(openDestination.destNode)) ?? 'the destination'}
            canExclude={canExclude}
            isExcluded={excluded.has(open.seq)}
            onInclude={include}
            showStatus={showStatus}
            onClose={() => setOpen(undefined)}
          />
        )}
      </div>
      <ApplyPlanDialog
        isOpen={isAsking}
        parts={applyParts}
        excludedCount={excluded.size}
        money={applyMoney}
        isApplying={isApplying}
        onApply={() => void apply()}
        onClose={() => setAsking(false)}
      />
    </div>
  );
}

/** What a record left out takes away from the apply. */
const leftOutOf = (item: PlanItem): LeftOut => ({
  action: item.action,
  destNode: item.destNode,
  ...(item.money ? { money: item.money } : {}),
});

/** The money applying would write, per currency: what the plan creates and updates, less what is left out. */
function moneyToWrite(
  destinations: readonly DestinationSummary[],
  excluded: ReadonlyMap<number, LeftOut>,
): Array<{ currency: string; gross: string; tax: string }> {
  const byCurrency = new Map<string, { gross: string[]; tax: string[] }>();
  const slot = (currency: string) => {
    let s = byCurrency.get(currency);
    if (!s) byCurrency.set(currency, (s = { gross: [], tax: [] }));
    return s;
  };
  for (const d of destinations)
    for (const t of d.totals) {
      slot(t.currency).gross.push(t.gross);
      slot(t.currency).tax.push(t.tax);
    }
  for (const left of excluded.values())
    if (left.money && (left.action === 'create' || left.action === 'update')) {
      slot(left.money.currency).gross.push(negateAmount(left.money.gross));
      slot(left.money.currency).tax.push(negateAmount(left.money.tax));
    }
  return [...byCurrency].map(([currency, s]) => ({
    currency,
    gross: sumAmounts(s.gross),
    tax: sumAmounts(s.tax),
  }));
}

/** What kind of plan this is, in a sentence: nothing written yet, being written, written. */
function RunNote({ run, isStale }: { run: RunSummary; isStale: boolean }) {
  let text: string;
  if (run.status === 'planning')
    text = `Reading and comparing… ${run.counts.read.toLocaleString()} records read so far.`;
  else if (run.mode === 'shadow')
    text =
      run.status === 'succeeded'
        ? 'A shadow run: nothing has been written. This is what applying the plan would do.'
        : 'A shadow run that did not finish: the plan may be incomplete.';
  else if (run.status === 'executing')
    text = `Writing… ${run.counts.written.toLocaleString()} written so far.`;
  else if (run.status === 'awaiting-confirmation')
    text = 'Waiting for your confirmation of the records that changed.';
  else
    text = `${run.kind === 'apply' ? 'The applied plan' : 'A live run'}: ${run.counts.written.toLocaleString()} written${run.counts.deadLetters ? `, ${run.counts.deadLetters.toLocaleString()} dead letter${run.counts.deadLetters === 1 ? '' : 's'}` : ''}.`;
  return (
    <div className="plan-run-note" data-testid="plan-run-note">
      <p>{text}</p>
      {isStale && (
        <p className="muted small">
          The flow has run since this plan was made: its newest plan is the one to apply.
        </p>
      )}
    </div>
  );
}

/** `key`, passed on at most once per `ms` (the last value always arrives). */
function useThrottledKey(key: string, ms: number): string {
  const [shown, setShown] = useState(key);
  const [last, setLast] = useState(0);
  useEffect(() => {
    if (key === shown) return;
    // A change of status (the run finished, or waits for a confirmation) shows at once; progress is throttled.
    const isNewStatus = key.split('|')[0] !== shown.split('|')[0];
    const wait = isNewStatus ? 0 : Math.max(0, last + ms - Date.now());
    const timer = setTimeout(() => {
      setShown(key);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(timer);
  }, [key, shown, last, ms]);
  return shown;
}
