import { useContext } from 'react';
import { useStore } from 'zustand';
import { FlowEditorStoreContext } from './flow-editor-context';
import type { FlowEditorState } from './flow-editor-store';

/** Reads the open flow's store. Same selector rules as the app store: primitives, stable references or useShallow. */
export function useFlowEditor<T>(selector: (state: FlowEditorState) => T): T {
  const store = useContext(FlowEditorStoreContext);
  if (!store) throw new Error('useFlowEditor must be used inside a flow editor');
  return useStore(store, selector);
}
