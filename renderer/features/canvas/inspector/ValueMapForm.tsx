import { useId } from 'react';
import type { Flow, FlowNode } from '../../../../shared/flow/flow.schema';
import { fieldsOfEntity, useConnectorCatalog } from '../../../lib/connector-catalog';
import { downstreamDestination, upstreamSource } from '../../flow-editor/flow-neighbours';
import { taxCodeSuggestions } from '../tax-codes';
import { Field, jsonataPath, SuggestInput, useNodeEditor } from './inspector-kit';

type ValueMapNode = Extract<FlowNode, { type: 'value-map' }>;

/** The codes of the system at that end of the flow, or every known code when the flow does not say yet. */
const codesFor = (system: keyof typeof taxCodeSuggestions | undefined) =>
  system ? taxCodeSuggestions[system] : Object.values(taxCodeSuggestions).flat();

/** The inspector of a value map: which field, the from → to table (with known codes offered), and the unmapped policy. */
export function ValueMapForm({ node, flow }: { node: ValueMapNode; flow: Flow }) {
  const ids = useId();
  const catalog = useConnectorCatalog();
  const { patch } = useNodeEditor(node.id);
  const upstream = upstreamSource(flow, node.id);
  const downstream = downstreamDestination(flow, node.id);
  const fields = fieldsOfEntity(catalog, upstream?.entity).map((f) => jsonataPath(f.path));
  const fromCodes = codesFor(upstream?.system);
  const toCodes = codesFor(downstream?.system);
  const table = node.config.table;
  const setTable = (next: typeof table) => patch({ table: next }, 'table');
  return (
    <>
      <Field
        label="Field to translate"
        htmlFor={`${ids}-field`}
        hint="A path in the record; lists are mapped item by item (lines.taxCode)."
      >
        <SuggestInput
          id={`${ids}-field`}
          value={node.config.field ?? ''}
          suggestions={fields}
          placeholder="lines.taxCode"
          onChange={(v) => patch({ field: v || undefined }, 'field')}
        />
      </Field>
      <Field
        label="Write the result into"
        htmlFor={`${ids}-into`}
        hint="Leave empty to replace the value in place."
      >
        <SuggestInput
          id={`${ids}-into`}
          value={node.config.into ?? ''}
          suggestions={fields}
          placeholder="(same field)"
          onChange={(v) => patch({ into: v || undefined }, 'into')}
        />
      </Field>
      <Field label="Table">
        <datalist id={`${ids}-from-codes`}>
          {fromCodes.map((c) => (
            <option key={c.code} value={c.code} label={c.label} />
          ))}
        </datalist>
        <datalist id={`${ids}-to-codes`}>
          {toCodes.map((c) => (
            <option key={c.code} value={c.code} label={c.label} />
          ))}
        </datalist>
        <table className="vm-table" data-testid="value-map-table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" aria-hidden="true" />
              <th scope="col">To</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.map((row, i) => (
              <tr key={i}>
                <td>
                  <input
                    className="insp-input"
                    list={`${ids}-from-codes`}
                    value={row.from}
                    aria-label={`Row ${i + 1} from`}
                    spellCheck={false}
                    onChange={(e) =>
                      setTable(table.map((r, j) => (j === i ? { ...r, from: e.target.value } : r)))
                    }
                  />
                </td>
                <td className="vm-arrow" aria-hidden="true">
                  →
                </td>
                <td>
                  <input
                    className="insp-input"
                    list={`${ids}-to-codes`}
                    value={row.to}
                    aria-label={`Row ${i + 1} to`}
                    spellCheck={false}
                    onChange={(e) =>
                      setTable(table.map((r, j) => (j === i ? { ...r, to: e.target.value } : r)))
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="row-remove"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => patch({ table: table.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => patch({ table: [...table, { from: '', to: '' }] })}
        >
          + Add row
        </button>
      </Field>
      <Field label="Values not in the table" htmlFor={`${ids}-unmapped`}>
        <select
          id={`${ids}-unmapped`}
          className="insp-input"
          value={node.config.unmapped}
          onChange={(e) =>
            patch({
              unmapped: e.target.value,
              default: e.target.value === 'default' ? node.config.default : undefined,
            })
          }
        >
          <option value="fail">Fail the record</option>
          <option value="pass">Pass the value through unchanged</option>
          <option value="default">Use a default value</option>
        </select>
      </Field>
      {node.config.unmapped === 'default' && (
        <Field label="Default value" htmlFor={`${ids}-default`}>
          <input
            id={`${ids}-default`}
            className="insp-input"
            list={`${ids}-to-codes`}
            value={node.config.default ?? ''}
            onChange={(e) => patch({ default: e.target.value || undefined }, 'default')}
          />
        </Field>
      )}
    </>
  );
}
