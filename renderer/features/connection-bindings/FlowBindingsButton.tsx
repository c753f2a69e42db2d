import { useState } from 'react';
import { Icon } from '../../lib/ui/Icon';
import { FlowBindingsDialog } from './FlowBindingsDialog';
import { useFlowBindings } from './useFlowBindings';

/** "Companies" in the editor bar: how many of the flow's connections are chosen, and the dialog to choose them. */
export function FlowBindingsButton({ flowId }: { flowId: string }) {
  const { bindings, unboundCount, bind } = useFlowBindings(flowId);
  const [isOpen, setIsOpen] = useState(false);
  if (bindings.length === 0) return null;
  return (
    <>
      <button
        type="button"
        className={`btn btn-compact ${unboundCount > 0 ? 'btn-warning' : 'btn-secondary'}`}
        onClick={() => setIsOpen(true)}
        data-testid="flow-bindings-button"
        title={
          unboundCount > 0 ? 'Choose which of your companies this flow uses' : 'Companies this flow uses'
        }
      >
        <Icon name="link" />
        {unboundCount > 0
          ? `Choose ${unboundCount === 1 ? 'a company' : `${unboundCount} companies`}`
          : 'Companies'}
      </button>
      <FlowBindingsDialog isOpen={isOpen} onClose={() => setIsOpen(false)} bindings={bindings} bind={bind} />
    </>
  );
}
