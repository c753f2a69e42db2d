import { useId, useState } from 'react';
import { conflictPolicies, type Flow, type FlowNode } from '../../../../shared/flow/flow.schema';
import { findEntity, useConnectorCatalog } from '../../../lib/connector-catalog';
import { entityTitle, systemOf } from '../node-titles';
import { ConnectionSelect } from './ConnectionSelect';
import { Field, jsonataPath, SuggestInput, useNodeEditor } from './inspector-kit';

type ConnectorNode = Extract<FlowNode, { type: 'source' | 'destination' }>;
type FilterValue = NonNullable<Extract<FlowNode, { type: 'source' }>['config']['filter']>[string];

/** Reads what the user typed as a filter value: `true`/`false`, a comma list, or text. */
export function parseFilterValue(text: string): FilterValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed.includes(','))
    return trimmed
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return trimmed;
}

/** A filter value as the user typed it. */
export const formatFilterValue = (value: FilterValue): string =>
  Array.isArray(value) ? value.join(', ') : value === null ? '' : String(value);

const filterHints = ['status', 'modifiedSince', 'fromDate', 'toDate', 'isActive', 'type'];

/** The inspector of a source or destination: connection, entity, and source filters or destination matching. */
export function ConnectorForm({ node, flow }: { node: ConnectorNode; flow: Flow }) {
  const ids = useId();
  const catalog = useConnectorCatalog();
  const { store, patch } = useNodeEditor(node.id);
  const system = systemOf(flow, node);
  const connector = catalog?.find((c) => c.system === system);
  const entities = connector?.entities.filter((e) => (node.type === 'source' ? e.canRead : e.canWrite)) ?? [];
  const entity = findEntity(catalog, system, node.config.entity);

  return (
    <>
      <Field
        label="Connection"
        htmlFor={`${ids}-conn`}
        hint="Bound to a company when the flow is imported or connected."
      >
        <ConnectionSelect
          id={`${ids}-conn`}
          flow={flow}
          nodeId={node.id}
          value={node.config.connection}
          system={system}
          store={store}
        />
      </Field>
      <Field label="Entity" htmlFor={`${ids}-entity`}>
        <select
          id={`${ids}-entity`}
          className="insp-input"
          value={node.config.entity ?? ''}
          onChange={(e) => patch({ entity: e.target.value || undefined })}
        >
          {!node.config.entity && (
            <option value="">Choose what to {node.type === 'source' ? 'read' : 'write'}…</option>
          )}
          {entities.map((e) => (
            <option key={e.entity} value={e.entity}>
              {entityTitle(e.entity)} ({e.apiName})
            </option>
          ))}
        </select>
      </Field>
      {node.type === 'source' ? (
        <SourceFilters
          key={node.id}
          node={node as Extract<FlowNode, { type: 'source' }>}
          fields={entity?.fields.map((f) => jsonataPath(f.path)) ?? []}
        />
      ) : (
        <DestinationOptions
          node={node as Extract<FlowNode, { type: 'destination' }>}
          matchKeys={entity?.matchKeys ?? []}
          fields={entity?.fields ?? []}
        />
      )}
    </>
  );
}

function SourceFilters({
  node,
  fields,
}: {
  node: Extract<FlowNode, { type: 'source' }>;
  fields: readonly string[];
}) {
  const { patch } = useNodeEditor(node.id);
  const filter = node.config.filter;
  // Rows are a draft: a row without a key cannot live in the file, but the user is still typing it.
  const [rows, setRows] = useState(() =>
    Object.entries(filter ?? {}).map(([key, value]) => ({ key, value: formatFilterValue(value) })),
  );
  const [seen, setSeen] = useState(filter);
  if (seen !== filter) {
    setSeen(filter);
    const committed = toFilter(rows);
    if (JSON.stringify(committed) !== JSON.stringify(filter))
      setRows(Object.entries(filter ?? {}).map(([key, value]) => ({ key, value: formatFilterValue(value) })));
  }
  const commit = (next: typeof rows) => {
    setRows(next);
    patch({ filter: toFilter(next) }, 'filter');
  };
  return (
    <Field
      label="Filters"
      hint="Only records that match are read, e.g. status = paid, sent (a comma list means any of them)."
    >
      <div className="kv-table" data-testid="source-filters">
        {rows.map((row, i) => (
          <div className="kv-row" key={i}>
            <SuggestInput
              value={row.key}
              suggestions={[...filterHints, ...fields]}
              placeholder="field"
              label={`Filter ${i + 1} field`}
              onChange={(key) => commit(rows.map((r, j) => (j === i ? { ...r, key } : r)))}
            />
            <span className="kv-eq">=</span>
            <input
              className="insp-input"
              value={row.value}
              placeholder="value"
              aria-label={`Filter ${i + 1} value`}
              onChange={(e) => commit(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))}
            />
            <button
              type="button"
              className="row-remove"
              aria-label={`Remove filter ${i + 1}`}
              onClick={() => commit(rows.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => setRows([...rows, { key: '', value: '' }])}
        >
          + Add filter
        </button>
      </div>
    </Field>
  );
}

function toFilter(rows: readonly { key: string; value: string }[]) {
  const entries = rows
    .filter((r) => r.key.trim() !== '')
    .map((r) => [r.key.trim(), parseFilterValue(r.value)] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function DestinationOptions({
  node,
  matchKeys,
  fields,
}: {
  node: Extract<FlowNode, { type: 'destination' }>;
  matchKeys: readonly string[];
  fields: readonly { path: string; label: string; readOnly?: boolean }[];
}) {
  const ids = useId();
  const { patch } = useNodeEditor(node.id);
  const match = node.config.match ?? [];
  const createOnly = node.config.createOnlyFields ?? [];
  const [fieldQuery, setFieldQuery] = useState('');
  const writable = fields.filter((f) => !f.readOnly && !f.path.includes('[]'));
  const shown = writable.filter((f) =>
    `${f.path} ${f.label}`.toLowerCase().includes(fieldQuery.toLowerCase()),
  );
  // Keys the entity does not know stay listed (and flagged) so nothing in the file is hidden.
  const keys = [...matchKeys, ...match.filter((k) => !matchKeys.includes(k))];
  return (
    <>
      <Field
        label="Match existing records on"
        hint="Tried in this order; the first key that finds a record wins."
      >
        <div className="check-list" role="group" aria-label="Match keys" data-testid="match-keys">
          {keys.length === 0 && <span className="muted small">Choose an entity first.</span>}
          {keys.map((key) => (
            <label key={key} className={`check${matchKeys.includes(key) ? '' : ' check-unknown'}`}>
              <input
                type="checkbox"
                checked={match.includes(key)}
                onChange={(e) => {
                  const next = e.target.checked
                    ? keys.filter((k) => k === key || match.includes(k))
                    : match.filter((k) => k !== key);
                  patch({ match: next });
                }}
              />
              {key}
            </label>
          ))}
        </div>
      </Field>
      <Field label="When the record exists">
        <div className="segmented" role="radiogroup" aria-label="When the record exists">
          {(['update', 'skip'] as const).map((policy) => (
            <label
              key={policy}
              className={`segment${(node.config.onExisting ?? 'update') === policy ? ' is-on' : ''}`}
            >
              <input
                type="radio"
                name={`${ids}-existing`}
                checked={(node.config.onExisting ?? 'update') === policy}
                onChange={() => patch({ onExisting: policy })}
              />
              {policy === 'update' ? 'Update it' : 'Skip it'}
            </label>
          ))}
        </div>
      </Field>
      <Field
        label="When both sides changed"
        hint="For two-way flows: what happens to a record edited on both sides since the last sync."
      >
        <select
          className="insp-input"
          aria-label="When both sides changed"
          value={node.config.conflictPolicy ?? ''}
          onChange={(e) =>
            patch({
              conflictPolicy: (e.target.value || undefined) as (typeof conflictPolicies)[number] | undefined,
            })
          }
        >
          <option value="">Not set (one-way flow)</option>
          {conflictPolicies.map((p) => (
            <option key={p} value={p}>
              {conflictWords[p]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Set only when creating"
        hint={`${createOnly.length} chosen: never overwritten on update.`}
      >
        <input
          className="insp-input insp-input-small"
          type="search"
          placeholder="Filter fields…"
          aria-label="Filter create-only fields"
          value={fieldQuery}
          onChange={(e) => setFieldQuery(e.target.value)}
        />
        <div
          className="check-list check-list-scroll"
          role="group"
          aria-label="Create-only fields"
          data-testid="create-only-fields"
        >
          {shown.map((f) => (
            <label key={f.path} className="check" title={f.label}>
              <input
                type="checkbox"
                checked={createOnly.includes(f.path)}
                onChange={(e) =>
                  patch({
                    createOnlyFields: e.target.checked
                      ? [...createOnly, f.path]
                      : createOnly.filter((p) => p !== f.path),
                  })
                }
              />
              <code>{f.path}</code>
            </label>
          ))}
        </div>
      </Field>
    </>
  );
}

/** The conflict policies in a bookkeeper's words. */
const conflictWords: Record<(typeof conflictPolicies)[number], string> = {
  'newest-wins': 'The side changed last wins',
  'prefer-source': 'This flow’s source wins',
  'prefer-destination': 'Keep the destination’s version',
  skip: 'Touch neither; show it in the plan',
};
