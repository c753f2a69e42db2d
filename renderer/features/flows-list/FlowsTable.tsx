import { useMemo } from 'react';
import { useNow } from '../../lib/useNow';
import type { FlowSummary } from '../../stores/flow-types';
import { FlowRow, type FlowAction } from './FlowRow';

/** The flows, most recently changed first. */
export function FlowsTable({
  flows,
  onAction,
}: {
  flows: readonly FlowSummary[];
  onAction: (action: FlowAction, flow: FlowSummary) => void;
}) {
  const now = useNow();
  const sorted = useMemo(() => [...flows].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)), [flows]);
  return (
    <div className="table-card">
      <table className="flows-table" aria-label="Flows">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Systems</th>
            <th scope="col" className="cell-number">
              Nodes
            </th>
            <th scope="col">Mode</th>
            <th scope="col">Needs attention</th>
            <th scope="col">Last changed</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((flow) => (
            <FlowRow key={flow.id} flow={flow} now={now} onAction={onAction} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
