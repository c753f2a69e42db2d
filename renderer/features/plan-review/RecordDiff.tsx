import type { EntityName } from '../../../shared/records/entities';
import { formatAmount, formatRate } from './money-format';
import { displayValue, type PlanItem } from './plan-words';
import { fieldRows, lineColumns, lineRows, type LineCell } from './record-view';

interface RecordDiffProps {
  readonly entity: EntityName;
  readonly item: PlanItem;
  /** The destination system's name, for the "now" column ("In Xero now"). */
  readonly systemLabel: string;
}

const lineHeadings: Readonly<Record<(typeof lineColumns)[number], string>> = {
  description: 'Description',
  itemCode: 'Item',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  discountPercent: 'Disc. %',
  taxCode: 'Tax code',
  accountCode: 'Account',
};
const numericColumns = new Set(['quantity', 'unitPrice', 'discountPercent']);

/**
 * One record side by side: each field as the destination holds it now and as the plan would leave it, the changed
 * ones marked; then a document's lines, each with the destination's own amount.
 */
export function RecordDiff({ entity, item, systemLabel }: RecordDiffProps) {
  const rows = fieldRows(entity, item);
  const lines = lineRows(item);
  const isNew = item.action === 'create' || item.action === 'invalid';
  const changed = rows.filter((r) => r.isChanged).length;
  return (
    <div className="record-diff">
      {rows.length > 0 && (
        <table className="record-fields" data-testid="record-fields">
          <caption className="visually-hidden">
            {isNew ? 'The fields that would be written' : `${changed} changed fields, side by side`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {!isNew && <th scope="col">In {systemLabel} now</th>}
              <th scope="col">{isNew ? 'Would be written' : 'After this plan'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.field}
                className={r.isChanged && !isNew ? 'is-changed' : undefined}
                data-field={r.field}
              >
                <th scope="row">{r.label}</th>
                {!isNew && <td className="record-before">{displayValue(r.before)}</td>}
                <td className="record-after">
                  {displayValue(r.after)}
                  {r.isChanged && !isNew && <span className="visually-hidden"> (changed)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lines.length > 0 && (
        <div className="record-lines-frame">
          <table className="record-lines" data-testid="record-lines">
            <caption>
              {lines.length} line{lines.length === 1 ? '' : 's'}
              {isNew ? '' : lines.some((l) => l.change !== 'same') ? ' · changes marked' : ' · unchanged'}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="is-numeric">
                  #
                </th>
                {lineColumns.map((c) => (
                  <th key={c} scope="col" className={numericColumns.has(c) ? 'is-numeric' : undefined}>
                    {lineHeadings[c]}
                  </th>
                ))}
                <th scope="col" className="is-numeric">
                  Net
                </th>
                <th scope="col" className="is-numeric">
                  Tax
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.change}-${l.index}`} className={`record-line-${l.change}`}>
                  <td className="is-numeric">
                    {l.index + 1}
                    {l.change === 'added' && <span className="record-line-tag">new</span>}
                    {l.change === 'removed' && <span className="record-line-tag">removed</span>}
                  </td>
                  {lineColumns.map((c) => (
                    <LineCellView key={c} cell={l.cells[c]} isNumeric={numericColumns.has(c)} isNew={isNew} />
                  ))}
                  <td className="is-numeric">{l.amount ? formatAmount(l.amount.net) : ''}</td>
                  <td
                    className="is-numeric"
                    title={l.amount?.rate !== undefined ? formatRate(l.amount.rate) : undefined}
                  >
                    {l.amount ? formatAmount(l.amount.tax) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function LineCellView({ cell, isNumeric, isNew }: { cell: LineCell; isNumeric: boolean; isNew: boolean }) {
  const show = (v: unknown) =>
    v === undefined || v === null || v === ''
      ? ''
      : isNumeric && typeof v === 'string'
        ? formatAmount(v, undefined, 0)
        : displayValue(v);
  const className = [isNumeric ? 'is-numeric' : '', cell.isChanged && !isNew ? 'is-changed' : '']
    .filter(Boolean)
    .join(' ');
  if (!cell.isChanged || isNew) return <td className={className || undefined}>{show(cell.after)}</td>;
  return (
    <td className={className}>
      {show(cell.before) !== '' && (
        <del className="record-before" aria-label={`was ${show(cell.before)}`}>
          {show(cell.before)}
        </del>
      )}
      {show(cell.after) !== '' && <ins className="record-after">{show(cell.after)}</ins>}
    </td>
  );
}
