import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { connectorDescriptors } from '../../../shared/connectors/connector-registry';
import { Icon } from '../../lib/ui/Icon';
import { SystemMark } from '../../lib/ui/SystemMark';
import type { FlowCanvasNode } from './flow-to-canvas';

/** A node on the canvas: its type, its label, the system it talks to and whether it has problems. */
export const FlowNodeCard = memo(function FlowNodeCard({ data, selected }: NodeProps<FlowCanvasNode>) {
  return (
    <div
      className={`node-card node-card-${data.category}${selected ? ' is-selected' : ''}`}
      data-testid="canvas-node"
    >
      {data.takesInput && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <div className="node-card-top">
        <span className="node-card-type">{data.typeLabel}</span>
        {data.problemCount > 0 && (
          <span className="node-card-problems" title={`${data.problemCount} to fix`}>
            <Icon name="alert" size={12} />
            {data.problemCount}
          </span>
        )}
      </div>
      <div className="node-card-title">
        {data.system && <SystemMark system={data.system} />}
        <span>{data.title}</span>
      </div>
      {(data.detail || data.system) && (
        <div className="node-card-detail">
          {[data.system && connectorDescriptors[data.system].label, data.detail].filter(Boolean).join(' · ')}
        </div>
      )}
      {data.givesOutput && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
});
