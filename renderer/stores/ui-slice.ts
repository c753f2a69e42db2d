import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionState } from '../bridge/websocket-transport';
import { isSameRoute, routeFromUrl, urlForRoute, type AppRoute } from './app-route';
import type { AppState } from './app-store';

/** The user's theme choice; `system` follows `prefers-color-scheme`. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** The browser APIs the UI slice touches; absent in tests. */
export interface UiEnvironment {
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'>;
  readonly history?: Pick<History, 'pushState' | 'replaceState'>;
  /** The current URL (for the initial route and for building the next one). */
  readonly currentUrl?: () => string;
}

/** Route, theme and the host connection: app-wide view state. */
export interface UiSlice {
  route: AppRoute;
  themePreference: ThemePreference;
  connection: ConnectionState;
  /** Whether the host was reachable at least once (a later drop shows the reconnect banner). */
  hasConnected: boolean;
  navigate(route: AppRoute, options?: { replace?: boolean }): void;
  /** Takes the route from the URL (back/forward buttons). */
  syncRouteFromUrl(): void;
  setThemePreference(theme: ThemePreference): void;
  setConnection(state: ConnectionState): void;
}

const THEME_KEY = 'ledgerflow.theme';

function readTheme(storage: UiEnvironment['storage']): ThemePreference {
  const stored = storage?.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** The UI slice. */
export function createUiSlice(env: UiEnvironment): StateCreator<AppState, [], [], UiSlice> {
  const currentUrl = env.currentUrl ?? (() => '/');
  return (set, get) => ({
    route: routeFromUrl(currentUrl()),
    themePreference: readTheme(env.storage),
    connection: 'connecting',
    hasConnected: false,
    navigate(route, options) {
      if (isSameRoute(route, get().route)) return;
      const url = urlForRoute(route, currentUrl());
      if (options?.replace) env.history?.replaceState(null, '', url);
      else env.history?.pushState(null, '', url);
      set({ route });
    },
    syncRouteFromUrl() {
      const route = routeFromUrl(currentUrl());
      if (!isSameRoute(route, get().route)) set({ route });
    },
    setThemePreference(themePreference) {
      env.storage?.setItem(THEME_KEY, themePreference);
      set({ themePreference });
    },
    setConnection(connection) {
      set({ connection, hasConnected: get().hasConnected || connection === 'open' });
    },
  });
}
