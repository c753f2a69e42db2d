import { useEffect, useMemo, useState, type DragEvent } from 'react';
import type { Flow, FlowNode } from '../../../shared/flow/flow.schema';
import { fieldsOfEntity, useConnectorCatalog, type FieldDescription } from '../../lib/connector-catalog';
import { ExpressionEditor } from '../../lib/monaco/ExpressionEditor';
import { NoSamples, jsonataPath, useNodeEditor } from '../canvas/inspector/inspector-kit';
import { entityTitle } from '../canvas/node-titles';
import { downstreamDestination, upstreamSource } from '../flow-editor/flow-neighbours';
import { previewValue, readTestRecord } from './mapper-preview';
import { useSampleRecords, type SampleState } from '../samples/useSampleRecords';
import './mapper-editor.css';

type MapperNode = Extract<FlowNode, { type: 'mapper' }>;

/** The drag-and-drop type of an input field dragged onto a target field. */
const FIELD_MIME = 'application/x-ledgerflow-field';

/**
 * The mapper's editor: the target entity's fields (required ones marked), each with a JSONata expression; the
 * upstream entity's fields to drag onto them; a live preview on a record the user can see.
 */
export function MapperEditor({ node, flow }: { node: MapperNode; flow: Flow }) {
  const catalog = useConnectorCatalog();
  const { patch } = useNodeEditor(node.id);
  const upstream = upstreamSource(flow, node.id);
  const downstream = downstreamDestination(flow, node.id);
  const targetEntity = downstream?.entity ?? upstream?.entity;
  const inputFields = useMemo(
    () =>
      fieldsOfEntity(catalog, upstream?.entity).map((f) => ({
        path: jsonataPath(f.path),
        label: f.label,
        type: f.type,
      })),
    [catalog, upstream?.entity],
  );
  const targets = useMemo(() => {
    const known = fieldsOfEntity(catalog, targetEntity).filter((f) => !f.readOnly && !f.path.includes('[]'));
    const extra = Object.keys(node.config.fields)
      .filter((path) => !known.some((f) => f.path === path))
      .map((path): FieldDescription => ({ path, label: 'Custom field', type: 'text' }));
    return [...known, ...extra];
  }, [catalog, targetEntity, node.config.fields]);
  const [testText, setTestText] = useState('');
  const test = useMemo(() => readTestRecord(testText), [testText]);
  const samples = useSampleRecords(flow, upstream?.nodeId);
  const [sampleIndex, setSampleIndex] = useState(0);
  const sample =
    samples.status === 'ready'
      ? samples.records[Math.min(sampleIndex, samples.records.length - 1)]
      : undefined;
  // A record the user typed wins; otherwise the chosen sample, as the source reads it.
  const previewRecord = test.record ?? sample?.data;
  const [query, setQuery] = useState('');
  const fields = node.config.fields;
  const mappedCount = Object.keys(fields).length;

  const setExpression = (path: string, expression: string | undefined) => {
    const next = { ...fields };
    if (expression === undefined) delete next[path];
    else next[path] = expression;
    patch({ fields: next }, `field:${path}`);
  };

  return (
    <div className="mapper" data-testid="mapper-editor">
      <div className="mapper-summary">
        <span>
          {upstream ? entityTitle(upstream.entity) : 'Records'} →{' '}
          {targetEntity ? entityTitle(targetEntity) : 'records'}
          {' · '}
          {mappedCount === 0 ? 'default mapping' : `${mappedCount} mapped`}
        </span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          disabled={mappedCount === 0}
          onClick={() => patch({ fields: {} })}
          title="Clear every expression: the connector's default mapping applies"
        >
          Reset to default mapping
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={node.config.keepUnmapped ?? false}
          onChange={(e) => patch({ keepUnmapped: e.target.checked ? true : undefined })}
        />
        Keep the fields this mapper does not set
      </label>

      <div className="mapper-columns">
        <section className="mapper-inputs" aria-label="Input fields">
          <h4>Input{upstream ? `: ${entityTitle(upstream.entity)}` : ''}</h4>
          {inputFields.length === 0 ? (
            <p className="muted small">Connect a source upstream to list its fields.</p>
          ) : (
            <>
              <input
                className="insp-input insp-input-small"
                type="search"
                placeholder="Filter…"
                aria-label="Filter input fields"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <ul className="mapper-input-list">
                {inputFields
                  .filter((f) => `${f.path} ${f.label}`.toLowerCase().includes(query.toLowerCase()))
                  .map((f) => (
                    <li
                      key={f.path}
                      className="mapper-input"
                      draggable
                      title={`${f.label} — drag onto a target field`}
                      data-testid="mapper-input-field"
                      data-path={f.path}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(FIELD_MIME, f.path);
                        e.dataTransfer.effectAllowed = 'copy';
                      }}
                    >
                      <code>{f.path}</code>
                    </li>
                  ))}
              </ul>
            </>
          )}
        </section>
        <section className="mapper-targets" aria-label="Target fields">
          <h4>Target{targetEntity ? `: ${entityTitle(targetEntity)}` : ''}</h4>
          {targets.length === 0 && (
            <p className="muted small">Connect the mapper to a destination to list the fields it writes.</p>
          )}
          {targets.map((field) => (
            <TargetRow
              key={field.path}
              field={field}
              expression={fields[field.path]}
              inputFields={inputFields}
              record={previewRecord}
              onChange={(expression) => setExpression(field.path, expression)}
            />
          ))}
        </section>
      </div>

      <div className="mapper-preview">
        <SampleBar samples={samples} index={sampleIndex} onIndex={setSampleIndex} />
        <details className="mapper-test" open={testText !== ''}>
          <summary>Try on a record you type</summary>
          <textarea
            className="insp-input mapper-test-input"
            rows={5}
            spellCheck={false}
            placeholder='{ "number": "1001", "total": "250.00" }'
            aria-label="Test record (JSON)"
            value={testText}
            onChange={(e) => setTestText(e.target.value)}
          />
          {test.error && <div className="expr-error">Not JSON: {test.error}</div>}
        </details>
      </div>
    </div>
  );
}

function TargetRow({
  field,
  expression,
  inputFields,
  record,
  onChange,
}: {
  field: FieldDescription;
  expression: string | undefined;
  inputFields: readonly { path: string; label: string; type?: string }[];
  record: unknown;
  onChange: (expression: string | undefined) => void;
}) {
  const [isOpen, setOpen] = useState(false);
  const [isOver, setOver] = useState(false);
  const isMapped = expression !== undefined;

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(FIELD_MIME)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    const path = e.dataTransfer.getData(FIELD_MIME);
    setOver(false);
    if (!path) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(true);
    onChange(path);
  };

  return (
    <div
      className={`mapper-target${isMapped ? ' is-mapped' : ''}${isOver ? ' is-over' : ''}`}
      data-testid="mapper-target"
      data-path={field.path}
      onDragOverCapture={onDragOver}
      onDragLeave={() => setOver(false)}
      onDropCapture={onDrop}
    >
      <div className="mapper-target-head">
        <code className="mapper-target-path">{field.path}</code>
        {field.required && (
          <span className="required" title="Required to create a record">
            required
          </span>
        )}
        <span className="mapper-target-label">{field.label}</span>
        {isMapped && (
          <button
            type="button"
            className="row-remove"
            aria-label={`Unmap ${field.path}`}
            onClick={() => onChange(undefined)}
          >
            ×
          </button>
        )}
      </div>
      {isMapped || isOpen ? (
        <>
          <ExpressionEditor
            value={expression ?? ''}
            onChange={(text) => {
              // Clearing the text keeps the editor open (the field is unmapped meanwhile): the user is retyping.
              setOpen(true);
              onChange(text === '' ? undefined : text);
            }}
            fields={inputFields}
            ariaLabel={`Expression for ${field.path}`}
            placeholder="Type an expression, or drop an input field here"
            testId="mapper-expression"
          />
          {expression && record !== undefined && <Preview expression={expression} record={record} />}
        </>
      ) : (
        <button type="button" className="mapper-target-empty" onClick={() => setOpen(true)}>
          Default mapping — drop a field here or click to write an expression
        </button>
      )}
    </div>
  );
}

function Preview({ expression, record }: { expression: string; record: unknown }) {
  const [shown, setShown] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    let isCurrent = true;
    void previewValue(expression, record).then((result) => isCurrent && setShown(result));
    return () => {
      isCurrent = false;
    };
  }, [expression, record]);
  if (!shown) return null;
  return (
    <div className={`mapper-value${shown.ok ? '' : ' is-error'}`} data-testid="mapper-preview-value">
      <span aria-hidden="true">→</span> <code>{shown.text}</code>
    </div>
  );
}

/** Which real record the previews run on, or why there is none (and the typed record stays the fallback). */
function SampleBar({
  samples,
  index,
  onIndex,
}: {
  samples: SampleState;
  index: number;
  onIndex: (index: number) => void;
}) {
  if (samples.status === 'loading') return <p className="muted small">Reading sample records…</p>;
  if (samples.status === 'none')
    return <NoSamples what={`${samples.reason} Meanwhile, paste a record below.`} />;
  if (samples.status === 'error')
    return (
      <div className="expr-error" data-testid="sample-error">
        Could not read sample records: {samples.reason}
      </div>
    );
  if (samples.records.length === 0)
    return <p className="muted small">{samples.company} has no records of this kind to preview on.</p>;
  const current = Math.min(index, samples.records.length - 1);
  return (
    <div className="mapper-samples" data-testid="mapper-samples">
      <span className="muted small">
        Previewing on record {current + 1} of {samples.records.length} from {samples.company}, as the source
        reads it
      </span>
      <span className="mapper-samples-nav">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label="Previous sample record"
          disabled={current === 0}
          onClick={() => onIndex(current - 1)}
        >
          ‹
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label="Next sample record"
          disabled={current === samples.records.length - 1}
          onClick={() => onIndex(current + 1)}
        >
          ›
        </button>
      </span>
    </div>
  );
}
