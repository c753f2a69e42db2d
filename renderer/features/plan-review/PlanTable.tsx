import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from '../../lib/ui/Icon';
import { formatMoney } from './money-format';
import type { PlanPages } from './plan-pages';
import { actionHints, actionWords, flagWords, recordTitle, statusWords, type PlanItem } from './plan-words';
import type { PlanOrderBy, PlanQuery } from './usePlanPages';

/** One row's height (two lines of text): the windowing works in whole rows. */
export const PLAN_ROW_HEIGHT = 48;
/** Rows rendered beyond the visible ones, so a quick scroll shows no blank band. */
const OVERSCAN = 8;

interface PlanTableProps {
  readonly pages: PlanPages;
  /** Changes whenever a page arrives (the table re-reads `pages`). */
  readonly version: number;
  readonly order: PlanQuery['order'];
  readonly onOrderChange: (order: PlanQuery['order']) => void;
  /** The record open in the detail pane. */
  readonly openSeq: number | undefined;
  readonly onOpen: (item: PlanItem) => void;
  /** Whether records can be left out (a finished shadow run that can be applied). */
  readonly canExclude: boolean;
  readonly excluded: ReadonlyMap<number, unknown>;
  readonly onInclude: (item: PlanItem, isIncluded: boolean) => void;
  /** Show where each record is in the writing (live and apply runs). */
  readonly showStatus: boolean;
  /** Scroll this row into view when `nonce` changes. */
  readonly reveal: { readonly index: number; readonly nonce: number } | undefined;
  readonly empty: ReactNode;
}

const columns: ReadonlyArray<{ id: string; label: string; sort?: PlanOrderBy; numeric?: boolean }> = [
  { id: 'record', label: 'Record', sort: 'record' },
  { id: 'action', label: 'Action', sort: 'action' },
  { id: 'why', label: 'Reason and flags', sort: 'flags' },
  { id: 'changes', label: 'Changes', sort: 'changes', numeric: true },
  { id: 'amount', label: 'Amount', sort: 'amount', numeric: true },
];

/**
 * The plan's records, windowed: only the rows in view (plus a few) are in the DOM, inside a spacer as tall as all
 * the matching rows, and their pages are fetched as they come into view. Column headers sort (on the host, over
 * the whole plan); a row opens its record in the detail pane; a checkbox leaves a record out of the apply.
 */
export function PlanTable({
  pages,
  version,
  order,
  onOrderChange,
  openSeq,
  onOpen,
  canExclude,
  excluded,
  onInclude,
  showStatus,
  reveal,
  empty,
}: PlanTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });

  useLayoutEffect(() => {
    const el = scrollRef.current!;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!reveal) return;
    const el = scrollRef.current!;
    const top = reveal.index * PLAN_ROW_HEIGHT;
    if (top < el.scrollTop || top + PLAN_ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
    setView({ top: el.scrollTop, height: el.clientHeight });
  }, [reveal]);

  const total = pages.total ?? 0;
  const first = Math.max(0, Math.floor(view.top / PLAN_ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((view.top + view.height) / PLAN_ROW_HEIGHT) + OVERSCAN);

  useLayoutEffect(() => {
    pages.ensure(first, Math.max(last, first + 1));
  }, [pages, first, last, version]);

  const sortBy = (by: PlanOrderBy) =>
    onOrderChange(
      order.by === by
        ? { by, descending: !order.descending }
        : { by, descending: by === 'amount' || by === 'flags' },
    );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const index = openSeq === undefined ? -1 : pages.indexOfSeq(openSeq);
    const next = pages.item(index + (event.key === 'ArrowDown' ? 1 : -1));
    if (!next) return;
    event.preventDefault();
    onOpen(next);
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = pages.item(i);
    rows.push(
      item ? (
        <PlanRow
          key={item.seq}
          index={i}
          item={item}
          isOpen={item.seq === openSeq}
          onOpen={onOpen}
          canExclude={canExclude}
          isExcluded={excluded.has(item.seq)}
          onInclude={onInclude}
          showStatus={showStatus}
        />
      ) : (
        <div
          key={`loading-${i}`}
          className="plan-row plan-row-loading"
          role="row"
          aria-rowindex={i + 2}
          style={{ transform: `translateY(${i * PLAN_ROW_HEIGHT}px)` }}
        >
          <span role="cell" className="muted">
            Loading…
          </span>
        </div>
      ),
    );
  }

  return (
    <div
      className={`plan-table${showStatus ? ' plan-table-status' : ''}`}
      role="table"
      aria-label="Records in the plan"
      aria-rowcount={total + 1}
      data-testid="plan-table"
      data-total={pages.total}
    >
      <div className="plan-row plan-row-head" role="row" aria-rowindex={1}>
        <span role="columnheader" className="plan-cell-include">
          <span className="visually-hidden">Include when applying</span>
        </span>
        {columns.map((c) => (
          <span
            key={c.id}
            role="columnheader"
            className={`plan-cell-${c.id}${c.numeric ? ' is-numeric' : ''}`}
            aria-sort={order.by === c.sort ? (order.descending ? 'descending' : 'ascending') : undefined}
          >
            {c.sort ? (
              <button type="button" className="plan-sort" onClick={() => sortBy(c.sort!)}>
                {c.label}
                {order.by === c.sort && (
                  <span aria-hidden="true" className="plan-sort-arrow">
                    {order.descending ? '↓' : '↑'}
                  </span>
                )}
              </button>
            ) : (
              c.label
            )}
          </span>
        ))}
        {showStatus && (
          <span role="columnheader" className="plan-cell-status">
            Status
          </span>
        )}
      </div>
      <div
        ref={scrollRef}
        className="plan-table-scroll"
        onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        onKeyDown={onKeyDown}
      >
        {pages.total === 0 ? (
          <div className="plan-table-empty">{empty}</div>
        ) : (
          <div className="plan-table-body" role="rowgroup" style={{ height: total * PLAN_ROW_HEIGHT }}>
            {rows}
          </div>
        )}
      </div>
    </div>
  );
}

interface PlanRowProps {
  readonly index: number;
  readonly item: PlanItem;
  readonly isOpen: boolean;
  readonly onOpen: (item: PlanItem) => void;
  readonly canExclude: boolean;
  readonly isExcluded: boolean;
  readonly onInclude: (item: PlanItem, isIncluded: boolean) => void;
  readonly showStatus: boolean;
}

function PlanRow({
  index,
  item,
  isOpen,
  onOpen,
  canExclude,
  isExcluded,
  onInclude,
  showStatus,
}: PlanRowProps) {
  const title = recordTitle(item);
  const writes = item.action === 'create' || item.action === 'update';
  const flags = item.flags ?? [];
  return (
    <div
      className={`plan-row${isOpen ? ' is-open' : ''}${isExcluded ? ' is-excluded' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={isOpen}
      data-testid="plan-row"
      data-seq={item.seq}
      data-action={item.action}
      style={{ transform: `translateY(${index * PLAN_ROW_HEIGHT}px)` }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('input, button')) return;
        onOpen(item);
      }}
    >
      <span role="cell" className="plan-cell-include">
        {canExclude && writes && (
          <input
            type="checkbox"
            checked={!isExcluded}
            aria-label={`Include ${title} when applying`}
            title={isExcluded ? 'Left out: will not be written' : 'Will be written when you apply the plan'}
            onChange={(e) => onInclude(item, e.currentTarget.checked)}
          />
        )}
      </span>
      <span role="cell" className="plan-cell-record">
        <button
          type="button"
          className="plan-record-button"
          onClick={() => onOpen(item)}
          title={item.recordKey}
        >
          <span className="plan-record-title">{title}</span>
          {item.subtitle && <span className="plan-record-subtitle">{item.subtitle}</span>}
        </button>
      </span>
      <span role="cell" className="plan-cell-action">
        <span className={`plan-action plan-action-${item.action}`} title={actionHints[item.action]}>
          {actionWords[item.action]}
        </span>
        {isExcluded && <span className="plan-left-out">left out</span>}
      </span>
      <span role="cell" className="plan-cell-why">
        {flags.map((f) => (
          <span key={f.kind} className={`plan-flag plan-flag-${f.kind}`} title={f.message}>
            <Icon name="alert" size={12} />
            {flagWords[f.kind]}
            {f.kind === 'possible-duplicate' && f.existingLabel ? ` of ${f.existingLabel}` : ''}
            {f.kind === 'rounding' && f.difference ? ` ${f.difference.replace('-', '\u2212')}` : ''}
          </span>
        ))}
        {item.reason && (
          <span className="plan-reason" title={item.reason}>
            {item.reason}
          </span>
        )}
      </span>
      <span role="cell" className="plan-cell-changes is-numeric">
        {item.action === 'update' || (item.action === 'skip' && item.changeCount > 0) ? item.changeCount : ''}
      </span>
      <span role="cell" className="plan-cell-amount is-numeric">
        {item.money ? formatMoney(item.money.currency, item.money.gross) : ''}
      </span>
      {showStatus && (
        <span role="cell" className={`plan-cell-status plan-status-${item.status}`}>
          {statusWords[item.status]}
        </span>
      )}
    </div>
  );
}
