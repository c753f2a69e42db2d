import { useFlowEditor } from './useFlowEditor';

const words = { saved: 'Saved', saving: 'Saving…', unsaved: 'Unsaved changes', error: 'Not saved' } as const;

/** Where the document stands: saved, saving, unsaved, or not saved (with the host's reason on hover). */
export function SaveState() {
  const status = useFlowEditor((s) => s.saveStatus);
  const error = useFlowEditor((s) => s.saveError);
  return (
    <span
      className={`save-state save-state-${status}`}
      role="status"
      aria-live="polite"
      title={
        status === 'error'
          ? `${error ?? ''}\nYour edits are kept here; fix the problem and they are saved.`
          : undefined
      }
      data-testid="save-state"
      data-status={status}
    >
      <span className="save-state-dot" aria-hidden="true" />
      {words[status]}
    </span>
  );
}
