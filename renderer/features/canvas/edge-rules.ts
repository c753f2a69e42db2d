import { checkFlowGraph } from '../../../shared/flow/graph-checks';
import type { Flow } from '../../../shared/flow/flow.schema';

/**
 * Why an edge from `source` to `target` would be refused, or undefined when it may be drawn. The flow format's
 * own graph checks run on the candidate flow (loops, inputs and outputs, entities that need a mapper between);
 * only errors the new edge introduces count, so an unrelated problem elsewhere never blocks wiring.
 */
export function checkCandidateEdge(flow: Flow, source: string, target: string): string | undefined {
  if (source === target) return 'A node cannot feed itself.';
  if (flow.edges.some((e) => e.source === source && e.target === target))
    return 'These nodes are already connected.';
  const before = new Set(
    checkFlowGraph(flow)
      .filter((p) => p.severity === 'error')
      .map((p) => p.message),
  );
  const candidate: Flow = { ...flow, edges: [...flow.edges, { id: '__candidate__', source, target }] };
  const introduced = checkFlowGraph(candidate).find((p) => p.severity === 'error' && !before.has(p.message));
  if (!introduced) return undefined;
  const message = introduced.message;
  return message.charAt(0).toUpperCase() + message.slice(1);
}
