import { Fragment } from 'react';
import { entityLabels } from '../../../shared/records/entities';
import { Icon } from '../../lib/ui/Icon';
import { SystemMark } from '../../lib/ui/SystemMark';
import { formatAmount } from './money-format';
import {
  actionWords,
  planActions,
  taxWords,
  type DestinationSummary,
  type PlanAction,
  type PlanFlagKind,
} from './plan-words';

interface PlanSummaryProps {
  readonly destinations: readonly DestinationSummary[];
  readonly places: ReadonlyMap<string, string>;
  /** Shows only these records in the table. */
  readonly onShowAction: (action: PlanAction) => void;
  readonly onShowFlagged: (flags: readonly PlanFlagKind[]) => void;
  /** A live run writes what it plans: its money reads as booked, not as what would be. */
  readonly isLive: boolean;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What the plan would do, per destination: records per action (each a filter for the table), the flagged ones,
 * and the money that would be written per currency and tax code (net, tax, gross), as the destination would
 * book it.
 */
export function PlanSummary({ destinations, places, onShowAction, onShowFlagged, isLive }: PlanSummaryProps) {
  return (
    <div className="plan-summary" data-testid="plan-summary">
      {destinations.map((d) => (
        <section
          key={d.destNode}
          className="plan-summary-dest"
          data-testid="plan-summary-destination"
          data-dest={d.destNode}
          aria-label={`${capitalise(entityLabels[d.entity].many)} to ${places.get(d.destNode) ?? d.destLabel}`}
        >
          <header className="plan-summary-head">
            {d.system && <SystemMark system={d.system} />}
            <div>
              <h3>
                {capitalise(entityLabels[d.entity].many)} → {places.get(d.destNode) ?? d.destLabel}
              </h3>
              <p className="muted small">{d.destLabel}</p>
            </div>
          </header>
          <div className="plan-counts">
            {planActions.map((action) => (
              <button
                key={action}
                type="button"
                className={`plan-count plan-count-${action}${d.actions[action] === 0 ? ' is-zero' : ''}`}
                data-testid={`plan-count-${action}`}
                data-count={d.actions[action]}
                onClick={() => onShowAction(action)}
                title={`Show the ${actionWords[action].toLowerCase()} records`}
              >
                <span className="plan-count-number">{d.actions[action].toLocaleString()}</span>
                <span className="plan-count-label">{actionWords[action]}</span>
              </button>
            ))}
          </div>
          {d.flagged.any > 0 && (
            <button
              type="button"
              className="plan-flagged"
              data-testid="plan-flagged"
              data-count={d.flagged.any}
              onClick={() => onShowFlagged(['possible-duplicate', 'rounding'])}
            >
              <Icon name="alert" size={14} />
              <span>
                <strong>{d.flagged.any.toLocaleString()} to check:</strong>{' '}
                {[
                  d.flagged.possibleDuplicate
                    ? `${d.flagged.possibleDuplicate.toLocaleString()} possible duplicate${d.flagged.possibleDuplicate === 1 ? '' : 's'}`
                    : undefined,
                  d.flagged.rounding
                    ? `${d.flagged.rounding.toLocaleString()} rounding difference${d.flagged.rounding === 1 ? '' : 's'}`
                    : undefined,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </span>
            </button>
          )}
          {d.statuses.held > 0 && (
            <p className="plan-summary-note plan-summary-held">
              {d.statuses.held.toLocaleString()} changed since the plan was reviewed and wait for your
              confirmation.
            </p>
          )}
          <MoneyTable destination={d} isLive={isLive} />
        </section>
      ))}
    </div>
  );
}

/** The money to be created or changed, per action, then per currency and tax code, with currency totals. */
function MoneyTable({ destination: d, isLive }: { destination: DestinationSummary; isLive: boolean }) {
  const actions = (['create', 'update'] as const).filter((a) => d.totals.some((t) => t.action === a));
  if (actions.length === 0) return null;
  const many = entityLabels[d.entity].many;
  return (
    <>
      {actions.map((action) => {
        const currencies = d.totals.filter((t) => t.action === action);
        return (
          <table key={action} className="plan-money" data-testid={`plan-money-${action}`}>
            <caption>
              {action === 'create'
                ? `New ${many}: what ${isLive ? 'is' : 'would be'} booked`
                : `Updated ${many}: their totals after the update`}
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
              {currencies.map((total) => {
                const groups = d.byTax.filter((g) => g.action === action && g.currency === total.currency);
                const currency = total.currency || 'Base currency';
                return (
                  <Fragment key={total.currency}>
                    {groups.length > 1 &&
                      groups.map((g) => (
                        <tr key={`${g.taxCode ?? ''}|${g.rate ?? ''}`} data-currency={total.currency}>
                          <th scope="row">
                            <span className="plan-money-currency">{currency}</span> {taxWords(g)}
                          </th>
                          <td className="is-numeric">{formatAmount(g.net)}</td>
                          <td className="is-numeric">{formatAmount(g.tax)}</td>
                          <td className="is-numeric">{formatAmount(g.gross)}</td>
                        </tr>
                      ))}
                    <tr
                      className="plan-money-total"
                      data-testid="plan-money-total"
                      data-currency={total.currency}
                    >
                      <th scope="row">
                        <span className="plan-money-currency">{currency}</span>{' '}
                        {groups.length === 1 ? taxWords(groups[0]!) : 'total'}
                        <span className="plan-money-records">
                          {total.records.toLocaleString()}{' '}
                          {total.records === 1 ? entityLabels[d.entity].one : many}
                        </span>
                      </th>
                      <td className="is-numeric">{formatAmount(total.net)}</td>
                      <td className="is-numeric">{formatAmount(total.tax)}</td>
                      <td className="is-numeric">{formatAmount(total.gross)}</td>
                    </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        );
      })}
      {d.incompleteTax > 0 && (
        <p className="plan-summary-note">
          {d.incompleteTax.toLocaleString()} {d.incompleteTax === 1 ? entityLabels[d.entity].one : many} have
          lines whose tax rate is not known (no tax code the destination knows): their tax is counted as 0
          here.
        </p>
      )}
    </>
  );
}
