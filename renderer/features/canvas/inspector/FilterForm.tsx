import {
  conditionOps,
  type ConditionGroup,
  type ConditionOrGroup,
  type Flow,
  type FlowNode,
} from '../../../../shared/flow/flow.schema';
import { fieldsOfEntity, useConnectorCatalog } from '../../../lib/connector-catalog';
import { ExpressionEditor } from '../../../lib/monaco/ExpressionEditor';
import { upstreamSource } from '../../flow-editor/flow-neighbours';
import { SamplePassCount } from '../../samples/SamplePassCount';
import { useSampleRecords } from '../../samples/useSampleRecords';
import { jsonataPath, NoSamples, SuggestInput, useNodeEditor } from './inspector-kit';

type FilterNode = Extract<FlowNode, { type: 'filter' }>;
type Condition = Exclude<ConditionOrGroup, ConditionGroup>;

const opLabels: Record<(typeof conditionOps)[number], string> = {
  '=': 'is',
  '!=': 'is not',
  '>': '>',
  '>=': '≥',
  '<': '<',
  '<=': '≤',
  contains: 'contains',
  startsWith: 'starts with',
  in: 'is one of',
  exists: 'is set',
  notExists: 'is not set',
};
const MAX_DEPTH = 4;

const listOf = (group: ConditionGroup) => ('all' in group ? group.all : group.any);
const withList = (group: ConditionGroup, list: ConditionOrGroup[]): ConditionGroup =>
  'all' in group ? { all: list } : { any: list };
const isGroup = (item: ConditionOrGroup): item is ConditionGroup => 'all' in item || 'any' in item;

/** The inspector of a filter: a condition builder (all/any, nested groups) or one JSONata predicate. */
export function FilterForm({ node, flow }: { node: FilterNode; flow: Flow }) {
  const catalog = useConnectorCatalog();
  const { replace } = useNodeEditor(node.id);
  const upstream = upstreamSource(flow, node.id);
  const samples = useSampleRecords(flow, upstream?.nodeId);
  const fields = fieldsOfEntity(catalog, upstream?.entity);
  const paths = fields.map((f) => jsonataPath(f.path));
  const config = node.config;
  const isExpression = 'expression' in config;
  return (
    <>
      <div className="segmented segmented-wide" role="radiogroup" aria-label="Filter kind">
        <label className={`segment${!isExpression ? ' is-on' : ''}`}>
          <input type="radio" checked={!isExpression} onChange={() => replace({ all: [] })} />
          Conditions
        </label>
        <label className={`segment${isExpression ? ' is-on' : ''}`}>
          <input type="radio" checked={isExpression} onChange={() => replace({ expression: '' })} />
          JSONata
        </label>
      </div>
      {isExpression ? (
        <div className="insp-field">
          <span className="insp-label">Keep the record when</span>
          <ExpressionEditor
            value={config.expression}
            onChange={(expression) => replace({ expression }, 'expression')}
            fields={fields.map((f) => ({ path: jsonataPath(f.path), label: f.label, type: f.type }))}
            ariaLabel="Filter condition"
            placeholder="total > 0 and status in ['paid', 'sent']"
            testId="filter-expression"
          />
        </div>
      ) : (
        <GroupEditor
          group={config as ConditionGroup}
          depth={0}
          paths={paths}
          onChange={(group) => replace(group as FilterNode['config'], 'conditions')}
        />
      )}
      {samples.status === 'ready' ? (
        <SamplePassCount samples={samples} config={node.config} />
      ) : samples.status === 'none' ? (
        <NoSamples what={`${samples.reason} Then this shows how many sample records pass the filter.`} />
      ) : null}
    </>
  );
}

function GroupEditor({
  group,
  depth,
  paths,
  onChange,
  onRemove,
}: {
  group: ConditionGroup;
  depth: number;
  paths: readonly string[];
  onChange: (group: ConditionGroup) => void;
  onRemove?: () => void;
}) {
  const list = listOf(group);
  const setItem = (i: number, item: ConditionOrGroup) =>
    onChange(
      withList(
        group,
        list.map((x, j) => (j === i ? item : x)),
      ),
    );
  const remove = (i: number) =>
    onChange(
      withList(
        group,
        list.filter((_, j) => j !== i),
      ),
    );
  return (
    <div className={`cond-group cond-depth-${depth}`} data-testid="condition-group">
      <div className="cond-group-head">
        <span>Keep records that meet</span>
        <select
          className="insp-input insp-input-inline"
          aria-label="All or any"
          value={'all' in group ? 'all' : 'any'}
          onChange={(e) => onChange(e.target.value === 'all' ? { all: list } : { any: list })}
        >
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of these:</span>
        {onRemove && (
          <button type="button" className="row-remove" aria-label="Remove group" onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      {list.map((item, i) =>
        isGroup(item) ? (
          <GroupEditor
            key={i}
            group={item}
            depth={depth + 1}
            paths={paths}
            onChange={(g) => setItem(i, g)}
            onRemove={() => remove(i)}
          />
        ) : (
          <ConditionRow
            key={i}
            index={i}
            condition={item}
            paths={paths}
            onChange={(c) => setItem(i, c)}
            onRemove={() => remove(i)}
          />
        ),
      )}
      <div className="cond-actions">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => onChange(withList(group, [...list, { field: '', op: '=', value: '' }]))}
        >
          + Condition
        </button>
        {depth < MAX_DEPTH && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => onChange(withList(group, [...list, { any: [] }]))}
          >
            + Group
          </button>
        )}
      </div>
    </div>
  );
}

function ConditionRow({
  index,
  condition,
  paths,
  onChange,
  onRemove,
}: {
  index: number;
  condition: Condition;
  paths: readonly string[];
  onChange: (condition: Condition) => void;
  onRemove: () => void;
}) {
  const hasValue = condition.op !== 'exists' && condition.op !== 'notExists';
  const text = Array.isArray(condition.value)
    ? condition.value.join(', ')
    : condition.value == null
      ? ''
      : String(condition.value);
  return (
    <div className="cond-row" data-testid="condition-row">
      <SuggestInput
        value={condition.field}
        suggestions={paths}
        placeholder="field"
        label={`Condition ${index + 1} field`}
        onChange={(field) => onChange({ ...condition, field })}
      />
      <select
        className="insp-input"
        aria-label={`Condition ${index + 1} operator`}
        value={condition.op}
        onChange={(e) => {
          const op = e.target.value as Condition['op'];
          const { value: _value, ...rest } = condition;
          onChange(
            op === 'exists' || op === 'notExists'
              ? { ...rest, op }
              : {
                  ...rest,
                  op,
                  value:
                    op === 'in'
                      ? text
                          .split(',')
                          .map((v) => v.trim())
                          .filter(Boolean)
                      : text,
                },
          );
        }}
      >
        {conditionOps.map((op) => (
          <option key={op} value={op}>
            {opLabels[op]}
          </option>
        ))}
      </select>
      {hasValue ? (
        <input
          className="insp-input"
          aria-label={`Condition ${index + 1} value`}
          placeholder={condition.op === 'in' ? 'a, b, c' : 'value'}
          value={text}
          onChange={(e) =>
            onChange({
              ...condition,
              value:
                condition.op === 'in' ? e.target.value.split(',').map((v) => v.trimStart()) : e.target.value,
            })
          }
        />
      ) : (
        <span />
      )}
      <button
        type="button"
        className="row-remove"
        aria-label={`Remove condition ${index + 1}`}
        onClick={onRemove}
      >
        ×
      </button>
    </div>
  );
}
