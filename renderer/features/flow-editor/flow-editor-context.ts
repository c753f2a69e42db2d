import { createContext } from 'react';
import type { FlowEditorStore } from './flow-editor-store';

/** The open flow's store, for everything inside its editor (header, canvas, later the inspector). */
export const FlowEditorStoreContext = createContext<FlowEditorStore | undefined>(undefined);
