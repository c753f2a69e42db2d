import { useMemo } from 'react';
import { IconButton } from '../../lib/ui/IconButton';
import { useFlowEditor } from './useFlowEditor';

/**
 * The open flow's problems (the flow format's validation, the editor's node checks, and what the host said when
 * it refused a save), each at its place in the flow; picking one selects its node.
 */
export function FlowProblemsPanel() {
  const local = useFlowEditor((s) => s.problems);
  const host = useFlowEditor((s) => s.hostProblems);
  const setPanelOpen = useFlowEditor((s) => s.setProblemsPanelOpen);
  const selectNode = useFlowEditor((s) => s.selectNode);
  const problems = useMemo(() => {
    const seen = new Set(local.map((p) => `${p.path}\u0000${p.message}`));
    return [...local, ...host.filter((p) => !seen.has(`${p.path}\u0000${p.message}`))].sort(
      (a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'),
    );
  }, [local, host]);
  return (
    <aside className="problems-panel" id="flow-problems" aria-label="Problems" data-testid="problems-panel">
      <div className="problems-panel-header">
        <h2>Problems</h2>
        <IconButton icon="x" label="Close problems" onClick={() => setPanelOpen(false)} />
      </div>
      <p className="muted small">
        {problems.length === 0
          ? 'Nothing to fix: the flow is ready to run.'
          : 'Errors keep the flow from being saved; the rest keep it from running (it is saved as a draft meanwhile).'}
      </p>
      <ul className="problem-list">
        {problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`} className={`problem problem-${problem.severity}`}>
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
            <span className="problem-message">
              {problem.severity === 'error' && <span className="problem-severity">Error · </span>}
              {problem.message}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
