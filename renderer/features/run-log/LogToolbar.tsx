import { Icon } from '../../lib/ui/Icon';
import { levelPlurals } from './log-format';
import { isFiltering, logLevels, type LogModel } from './log-model';
import { useLogVersion } from './useRunLog';
import type { LogFilterControls } from './useLogFilter';

interface LogToolbarProps {
  readonly model: LogModel;
  readonly controls: LogFilterControls;
  /** The flow's nodes by id, in the flow's order. */
  readonly titles: ReadonlyMap<string, string>;
}

/**
 * The log's filter bar: search words, a toggle per level with its count, the node and the record; and how many
 * lines pass. Re-renders with the model (at most once per frame) for the counts.
 */
export function LogToolbar({ model, controls, titles }: LogToolbarProps) {
  useLogVersion(model);
  const { filter } = model;
  // Nodes the run logged that are no longer in the flow are still offered, by id.
  const removed = [...model.nodes].filter((id) => !titles.has(id));
  const filtering = isFiltering(filter) || controls.text !== '' || controls.record !== '';

  return (
    <div className="log-toolbar" role="toolbar" aria-label="Filter the log">
      <label className="log-search">
        <Icon name="search" size={14} />
        <span className="visually-hidden">Search the log</span>
        <input
          type="search"
          className="log-input"
          data-testid="log-filter-text"
          placeholder="Search the log"
          value={controls.text}
          onChange={(event) => controls.setText(event.target.value)}
        />
      </label>
      <div className="log-levels" role="group" aria-label="Levels">
        {logLevels.map((level) => (
          <button
            key={level}
            type="button"
            className={`log-level-toggle log-level-toggle-${level}`}
            data-testid={`log-filter-level-${level}`}
            aria-pressed={filter.levels[level]}
            onClick={() => controls.toggleLevel(level)}
          >
            <span className="log-level-dot" aria-hidden="true" />
            {levelPlurals[level]}
            <span className="log-level-count">{model.counts[level].toLocaleString()}</span>
          </button>
        ))}
      </div>
      <select
        className="log-input log-node-select"
        data-testid="log-filter-node"
        aria-label="Node"
        value={filter.node ?? ''}
        onChange={(event) => controls.setNode(event.target.value || undefined)}
      >
        <option value="">All nodes</option>
        {[...titles].map(([id, title]) => (
          <option key={id} value={id}>
            {title}
          </option>
        ))}
        {removed.map((id) => (
          <option key={id} value={id}>
            {id} (removed)
          </option>
        ))}
      </select>
      <input
        type="search"
        className="log-input log-record-input"
        data-testid="log-filter-record"
        aria-label="Record"
        placeholder="Record"
        value={controls.record}
        onChange={(event) => controls.setRecord(event.target.value)}
      />
      {filtering && (
        <button type="button" className="btn btn-ghost btn-compact" onClick={controls.clear}>
          Clear filters
        </button>
      )}
      {model.isLoading && model.lineCount > 0 && (
        <span className="log-loading muted" aria-busy="true">
          Loading earlier lines…
        </span>
      )}
      <span className="log-count muted" data-testid="log-count" aria-live="off">
        {filtering
          ? `${model.matchCount.toLocaleString()} of ${model.lineCount.toLocaleString()} lines`
          : `${model.lineCount.toLocaleString()} ${model.lineCount === 1 ? 'line' : 'lines'}`}
      </span>
    </div>
  );
}
