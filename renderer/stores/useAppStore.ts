import { useStore } from 'zustand';
import { useAppServices } from '../app/useAppServices';
import type { AppState } from './app-store';

/**
 * Reads the app store. The selector must return a primitive, a stable reference from the state, or be wrapped in
 * `useShallow`: a fresh object each time re-renders forever (zustand v5).
 */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppServices().store, selector);
}
