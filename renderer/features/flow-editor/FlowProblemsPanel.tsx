import { IconButton } from '../../lib/ui/IconButton';
import { useFlowEditor } from './useFlowEditor';

/** The open flow's problems, each at its place in the flow; picking one selects its node. */
export function FlowProblemsPanel() {
  const problems = useFlowEditor((s) => s.problems);
  const setPanelOpen = useFlowEditor((s) => s.setProblemsPanelOpen);
  const selectNode = useFlowEditor((s) => s.selectNode);
  return (
    <aside className="problems-panel" id="flow-problems" aria-label="Problems">
      <div className="problems-panel-header">
        <h2>Problems</h2>
        <IconButton icon="x" label="Close problems" onClick={() => setPanelOpen(false)} />
      </div>
      <p className="muted small">These keep the flow from running. It is saved as a draft meanwhile.</p>
      <ul className="problem-list">
        {problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`} className="problem">
            {problem.nodeId ? (
              <button
                type="button"
                className="problem-path link-button"
                onClick={() => selectNode(problem.nodeId)}
              >
                {problem.path}
              </button>
            ) : (
              <code className="problem-path">{problem.path}</code>
            )}
            <span className="problem-message">{problem.message}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
