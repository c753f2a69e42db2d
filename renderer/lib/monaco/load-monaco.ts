import type * as MonacoSetup from './monaco-setup';

/** What the setup module gives: Monaco's API with the JSONata language registered. */
export type MonacoModule = typeof MonacoSetup;

let loading: Promise<MonacoModule> | undefined;

/** Loads Monaco (once): a separate chunk, fetched on first use or by {@link preloadMonaco}. */
export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco-setup');
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Starts loading Monaco once the page has painted and the browser is idle, so the inspector opens ready. */
export function preloadMonaco(): () => void {
  let idle: number | undefined;
  const frame = requestAnimationFrame(() => {
    idle = (window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200)))(
      () => void loadMonaco(),
    ) as number;
  });
  return () => {
    cancelAnimationFrame(frame);
    if (idle !== undefined) (window.cancelIdleCallback ?? clearTimeout)(idle);
  };
}
