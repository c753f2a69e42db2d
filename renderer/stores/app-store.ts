import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractClient } from '../bridge/contract-client';
import { createFlowsSlice, type FlowsSlice } from './flows-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createUiSlice, type UiEnvironment, type UiSlice } from './ui-slice';

/** The app store: one bound store of slices (zustand's slices pattern). Per-flow state lives in flow editor stores. */
export type AppState = FlowsSlice & UiSlice & NoticesSlice;

/** What the app store is built from: the contract client and, in the app, the browser's storage and history. */
export interface AppStoreDeps extends UiEnvironment {
  readonly client: ContractClient;
  readonly schedule?: (run: () => void, ms: number) => void;
}

/** A vanilla store, so bridge listeners and tests can use `getState`/`setState` without React. */
export type AppStore = StoreApi<AppState>;

/** Creates the app store. */
export function createAppStore(deps: AppStoreDeps): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createFlowsSlice(deps.client)(...args),
    ...createUiSlice(deps)(...args),
    ...createNoticesSlice(deps.schedule)(...args),
  }));
}
