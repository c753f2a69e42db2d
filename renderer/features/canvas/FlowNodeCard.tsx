import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import { SystemMark } from '../../lib/ui/SystemMark';
import type { FlowCanvasNode } from './flow-to-canvas';
import { nodeDetail, nodeTitle } from './node-titles';
import { NodeTypeIcon } from './NodeTypeIcon';
import { useNodeRunCounts } from '../runs/runs-context';

const statusWords = {
  configured: 'Configured',
  incomplete: 'Needs attention',
  error: 'Has an error',
} as const;

/**
 * A node on the canvas: the system's mark, what it is and does, whether it is configured (the reasons on hover),
 * and the last run's counts once runs exist. Memoised: a drag re-renders only the dragged card. The body is apart
 * from the handles so that, zoomed far out, it can skip layout and paint (canvas.css, `.is-zoomed-out`).
 */
export const FlowNodeCard = memo(function FlowNodeCard({ data, selected }: NodeProps<FlowCanvasNode>) {
  const { node, system, status, reasons } = data;
  const info = nodeCatalogue[node.type];
  const title = nodeTitle(node);
  return (
    <div
      className={`node-card node-card-${info.category} node-card-${node.type}${selected ? ' is-selected' : ''}`}
      data-testid="canvas-node"
      data-node-id={node.id}
      data-node-type={node.type}
      data-status={status}
    >
      {info.takesInput && <Handle type="target" position={Position.Left} aria-label={`Input of ${title}`} />}
      <div className="node-card-body">
        <div className="node-card-top">
          <span className="node-card-type">
            {system ? (
              <SystemMark system={system} />
            ) : (
              <span className="node-card-glyph">
                <NodeTypeIcon type={node.type} size={13} />
              </span>
            )}
            {info.label}
          </span>
          <span
            className={`node-status node-status-${status}`}
            title={status === 'configured' ? statusWords.configured : `${statusWords[status]}:\n${reasons}`}
            data-testid="node-status"
          >
            <span className="node-status-dot" aria-hidden="true" />
            <span className="visually-hidden">{statusWords[status]}</span>
          </span>
        </div>
        <div className="node-card-title">{title}</div>
        <div className="node-card-detail">{nodeDetail(node, system)}</div>
        <NodeRunLine nodeId={node.id} type={node.type} />
      </div>
      {info.givesOutput && (
        <Handle type="source" position={Position.Right} aria-label={`Output of ${title}`} />
      )}
    </div>
  );
});

/** The last finished run's counts for this node: read at a source; created, updated and failed at a destination. */
function NodeRunLine({ nodeId, type }: { nodeId: string; type: FlowCanvasNode['data']['node']['type'] }) {
  const counts = useNodeRunCounts(nodeId);
  if (!counts || (type !== 'source' && type !== 'destination')) return null;
  const parts =
    type === 'source'
      ? [`${counts.out.toLocaleString()} read`]
      : [
          counts.create && `${counts.create.toLocaleString()} new`,
          counts.update && `${counts.update.toLocaleString()} changed`,
          counts.unchanged && `${counts.unchanged.toLocaleString()} same`,
          counts.skip && `${counts.skip.toLocaleString()} skipped`,
        ].filter(Boolean);
  // Invalid records are not skipped by choice: they need the flow (or the record) fixed, so they stand out.
  const invalid = type === 'destination' && counts.invalid > 0;
  const written = type === 'destination' && counts.written > 0;
  return (
    <div
      className="node-card-run"
      data-testid="node-run-counts"
      title={
        type === 'source'
          ? 'Records read in the last run'
          : `Last run: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged, ${counts.skip} skipped, ${counts.invalid} invalid; ${counts.written} written, ${counts.dead} failed`
      }
    >
      {parts.length || invalid ? (
        parts.map((p) => <span key={String(p)}>{p}</span>)
      ) : (
        <span>nothing to do</span>
      )}
      {invalid && <span className="node-card-run-invalid">{counts.invalid.toLocaleString()} invalid</span>}
      {written && <span>{counts.written.toLocaleString()} written</span>}
      {counts.dead > 0 && <span className="node-card-run-failed">{counts.dead.toLocaleString()} failed</span>}
    </div>
  );
}
