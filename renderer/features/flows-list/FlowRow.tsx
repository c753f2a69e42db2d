import { memo } from 'react';
import { absoluteTime, relativeTime } from '../../lib/relative-time';
import { Icon } from '../../lib/ui/Icon';
import { IconButton } from '../../lib/ui/IconButton';
import { ModeBadge } from '../../lib/ui/ModeBadge';
import { SystemMarks } from '../../lib/ui/SystemMarks';
import type { FlowSummary } from '../../stores/flow-types';

/** What a row's buttons do. */
export type FlowAction = 'open' | 'rename' | 'duplicate' | 'export' | 'delete';

interface FlowRowProps {
  readonly flow: FlowSummary;
  readonly now: Date;
  readonly onAction: (action: FlowAction, flow: FlowSummary) => void;
}

/** One flow in the list. The name is the row's button (Enter opens); a click anywhere else on the row opens too. */
export const FlowRow = memo(function FlowRow({ flow, now, onAction }: FlowRowProps) {
  return (
    <tr
      className="flow-row"
      data-testid="flow-row"
      data-flow-id={flow.id}
      onClick={(event) => {
        if (!(event.target as HTMLElement).closest('button, a, input')) onAction('open', flow);
      }}
    >
      <td className="cell-name">
        <button
          type="button"
          className="flow-name"
          onClick={() => onAction('open', flow)}
          title={`Open ${flow.name}`}
        >
          {flow.name}
        </button>
      </td>
      <td>
        <SystemMarks systems={flow.systems} />
      </td>
      <td className="cell-number">{flow.nodeCount}</td>
      <td>
        <ModeBadge mode={flow.mode} />
      </td>
      <td>
        {flow.nodeCount === 0 ? (
          <span className="muted" title="Add nodes on the canvas to make the flow do something">
            Empty
          </span>
        ) : flow.problemCount > 0 ? (
          <span className="attention" title="Things to finish before the flow can run">
            <Icon name="alert" size={13} />
            {flow.problemCount}
          </span>
        ) : (
          <span className="ready" title="Nothing needs attention">
            <Icon name="check" size={13} />
            Ready
          </span>
        )}
      </td>
      <td className="cell-time">
        <time dateTime={flow.updatedAt} title={absoluteTime(flow.updatedAt)}>
          {relativeTime(flow.updatedAt, now)}
        </time>
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          <IconButton
            icon="pencil"
            label={`Rename ${flow.name}`}
            tooltip="Rename"
            onClick={() => onAction('rename', flow)}
          />
          <IconButton
            icon="copy"
            label={`Duplicate ${flow.name}`}
            tooltip="Duplicate"
            onClick={() => onAction('duplicate', flow)}
          />
          <IconButton
            icon="download"
            label={`Export ${flow.name}`}
            tooltip="Export"
            onClick={() => onAction('export', flow)}
          />
          <IconButton
            icon="trash"
            label={`Delete ${flow.name}`}
            tooltip="Delete"
            tone="danger"
            onClick={() => onAction('delete', flow)}
          />
        </div>
      </td>
    </tr>
  );
});
