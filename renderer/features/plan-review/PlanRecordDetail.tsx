import { useEffect, useState } from 'react';
import type { EntityName } from '../../../shared/records/entities';
import { useAppServices } from '../../app/useAppServices';
import { Icon } from '../../lib/ui/Icon';
import { IconButton } from '../../lib/ui/IconButton';
import { formatAmount, formatMoney } from './money-format';
import {
  actionHints,
  actionWords,
  flagWords,
  recordTitle,
  statusWords,
  taxWords,
  type PlanItem,
} from './plan-words';
import { RecordDiff } from './RecordDiff';

interface PlanRecordDetailProps {
  readonly runId: string;
  /** The row opened (without its detail); the detail is fetched. */
  readonly row: PlanItem;
  readonly systemLabel: string;
  /** Where the record would be written, in words. */
  readonly place: string;
  readonly canExclude: boolean;
  readonly isExcluded: boolean;
  readonly onInclude: (item: PlanItem, isIncluded: boolean) => void;
  readonly showStatus: boolean;
  readonly onClose: () => void;
}

/**
 * One record of the plan, in full: why it is skipped or invalid, what its flags mean, the money the destination
 * would book, and its fields (and a document's lines) side by side, as the destination holds them now and as the
 * plan would leave them.
 */
export function PlanRecordDetail({
  runId,
  row,
  systemLabel,
  place,
  canExclude,
  isExcluded,
  onInclude,
  showStatus,
  onClose,
}: PlanRecordDetailProps) {
  const { client } = useAppServices();
  const [loaded, setLoaded] = useState<{ seq: number; item: PlanItem | undefined; error?: unknown }>();

  useEffect(() => {
    let isCurrent = true;
    client
      .call('runs.planItems', { runId, recordKey: row.recordKey, destNode: row.destNode, pageSize: 20 })
      .then(
        ({ items }) => isCurrent && setLoaded({ seq: row.seq, item: items.find((i) => i.seq === row.seq) }),
        (error: unknown) => isCurrent && setLoaded({ seq: row.seq, item: undefined, error }),
      );
    return () => {
      isCurrent = false;
    };
  }, [client, runId, row.recordKey, row.destNode, row.seq]);

  const item = loaded?.seq === row.seq ? (loaded.item ?? row) : row;
  const isLoading = loaded?.seq !== row.seq;
  const writes = item.action === 'create' || item.action === 'update';
  const entity: EntityName = item.entity;

  return (
    <aside
      className="plan-detail"
      aria-label={`Record ${recordTitle(item)}`}
      data-testid="plan-detail"
      data-seq={item.seq}
    >
      <header className="plan-detail-head">
        <div className="plan-detail-title">
          <h3>{recordTitle(item)}</h3>
          {item.subtitle && <p className="muted small">{item.subtitle}</p>}
        </div>
        <span className={`plan-action plan-action-${item.action}`} title={actionHints[item.action]}>
          {actionWords[item.action]}
        </span>
        <IconButton icon="x" label="Close the record" tooltip="Close" onClick={onClose} />
      </header>
      <div className="plan-detail-body">
        {canExclude && writes && (
          <label className="plan-detail-include">
            <input
              type="checkbox"
              checked={!isExcluded}
              onChange={(e) => onInclude(item, e.currentTarget.checked)}
            />
            {isExcluded
              ? 'Left out: will not be written when you apply the plan'
              : 'Write this record when the plan is applied'}
          </label>
        )}
        {showStatus && item.status !== 'none' && (
          <p className={`plan-detail-status plan-status-${item.status}`}>
            {statusWords[item.status]}
            {item.resultId ? ` as ${item.resultId}` : ''}
          </p>
        )}
        {item.reason && (
          <div className={`plan-callout plan-callout-${item.action === 'invalid' ? 'danger' : 'neutral'}`}>
            <Icon name={item.action === 'invalid' ? 'alert' : 'info'} size={15} />
            <p>
              <strong>
                {item.action === 'invalid'
                  ? 'Cannot be written: '
                  : item.action === 'skip'
                    ? 'Skipped: '
                    : 'Note: '}
              </strong>
              {item.reason}
            </p>
          </div>
        )}
        {(item.flags ?? []).map((f) => (
          <div key={f.kind} className="plan-callout plan-callout-warning" data-testid={`plan-flag-${f.kind}`}>
            <Icon name="alert" size={15} />
            <p>
              <strong>{flagWords[f.kind]}. </strong>
              {f.message}
            </p>
          </div>
        ))}
        {item.action === 'unchanged' && (
          <p className="muted">
            Nothing to write: {place} already holds this record as the plan would write it
            {item.targetId ? ` (id ${item.targetId})` : ''}.
          </p>
        )}
        {item.targetId && item.action !== 'unchanged' && (
          <p className="muted small">
            Matched to the record with id <code>{item.targetId}</code> in {systemLabel}.
          </p>
        )}
        {item.money && (
          <table className="plan-detail-money" data-testid="plan-detail-money">
            <caption>
              {systemLabel} would book{item.money.isTaxIncomplete ? ' (tax of some lines unknown)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Tax</th>
                <th scope="col" className="is-numeric">
                  Net
                </th>
                <th scope="col" className="is-numeric">
                  Tax
                </th>
                <th scope="col" className="is-numeric">
                  Gross
                </th>
              </tr>
            </thead>
            <tbody>
              {item.money.byTax.length > 1 &&
                item.money.byTax.map((g) => (
                  <tr key={`${g.taxCode ?? ''}|${g.rate ?? ''}`}>
                    <th scope="row">{taxWords(g)}</th>
                    <td className="is-numeric">{formatAmount(g.net)}</td>
                    <td className="is-numeric">{formatAmount(g.tax)}</td>
                    <td className="is-numeric">{formatAmount(g.gross)}</td>
                  </tr>
                ))}
              <tr className="plan-money-total">
                <th scope="row">
                  {item.money.byTax.length === 1 ? taxWords(item.money.byTax[0]!) : 'Total'}
                </th>
                <td className="is-numeric">{formatAmount(item.money.net)}</td>
                <td className="is-numeric">{formatAmount(item.money.tax)}</td>
                <td className="is-numeric">
                  <strong>{formatMoney(item.money.currency, item.money.gross)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        )}
        {isLoading ? (
          <p className="muted">Loading the record…</p>
        ) : loaded?.error ? (
          <p className="plan-callout plan-callout-danger">The record could not be loaded.</p>
        ) : (
          <RecordDiff entity={entity} item={item} systemLabel={systemLabel} />
        )}
      </div>
    </aside>
  );
}
