import { useContext, useId, type ReactNode } from 'react';
import type { FlowNode } from '../../../../shared/flow/flow.schema';
import { FlowEditorStoreContext } from '../../flow-editor/flow-editor-context';
import type { FlowEditorStore } from '../../flow-editor/flow-editor-store';
import { patchConfig, setConfig } from '../../flow-editor/flow-edits';

/** Edits the selected node's config, each field a coalesced undo step while the user types. */
export function useNodeEditor(nodeId: string) {
  const store = useContext(FlowEditorStoreContext) as FlowEditorStore;
  return {
    store,
    patch(patch: Record<string, unknown>, coalesce?: string) {
      store
        .getState()
        .edit(
          (f) => patchConfig(f, nodeId, patch),
          coalesce ? { coalesce: `${nodeId}:${coalesce}` } : undefined,
        );
    },
    replace(config: FlowNode['config'], coalesce?: string) {
      store
        .getState()
        .edit(
          (f) => setConfig(f, nodeId, config),
          coalesce ? { coalesce: `${nodeId}:${coalesce}` } : undefined,
        );
    },
  };
}

/** A labelled row of the inspector. */
export function Field({
  label,
  hint,
  children,
  htmlFor,
}: {
  label: string;
  hint?: ReactNode;
  children: ReactNode;
  htmlFor?: string;
}) {
  return (
    <div className="insp-field">
      <label className="insp-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {hint && <div className="insp-hint">{hint}</div>}
    </div>
  );
}

/** A text input with suggestions (a datalist), committing as the user types. */
export function SuggestInput({
  id,
  value,
  suggestions,
  placeholder,
  onChange,
  label,
  testId,
}: {
  id?: string;
  value: string;
  suggestions: readonly string[];
  placeholder?: string;
  onChange: (value: string) => void;
  label?: string;
  testId?: string;
}) {
  const listId = useId();
  return (
    <>
      <input
        id={id}
        className="insp-input"
        value={value}
        list={suggestions.length > 0 ? listId : undefined}
        placeholder={placeholder}
        aria-label={label}
        data-testid={testId}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** The honest empty state of previews until connections (and `connectors.sample`) arrive. */
export function NoSamples({ what }: { what: string }) {
  return (
    <div className="insp-empty" data-testid="no-samples">
      <strong>Connect a company to preview on real records</strong>
      <span>{what}</span>
    </div>
  );
}

/** A canonical field path as a JSONata path: `lines[].taxCode` → `lines.taxCode` (JSONata maps over lists). */
export const jsonataPath = (path: string) => path.replaceAll('[]', '');
