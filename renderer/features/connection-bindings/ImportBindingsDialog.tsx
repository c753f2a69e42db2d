import { FlowBindingsDialog } from './FlowBindingsDialog';
import { useFlowBindings } from './useFlowBindings';

/** Right after an import: which of the user's companies the new flow's connections use. */
export function ImportBindingsDialog({ flowId, onClose }: { flowId: string; onClose: () => void }) {
  const { bindings, bind } = useFlowBindings(flowId);
  return (
    <FlowBindingsDialog isOpen={bindings.length > 0} onClose={onClose} bindings={bindings} bind={bind} />
  );
}
