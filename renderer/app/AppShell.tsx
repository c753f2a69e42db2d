import { useEffect } from 'react';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { FlowEditorPage } from '../features/flow-editor/FlowEditorPage';
import { FlowsListPage } from '../features/flows-list/FlowsListPage';
import { useEffectiveTheme } from '../lib/useEffectiveTheme';
import { useAppStore } from '../stores/useAppStore';
import { AppHeader } from './AppHeader';
import { NoticeStack } from './NoticeStack';
import { ReconnectBanner } from './ReconnectBanner';

/** Header, the current page, notices and the reconnect banner. */
export function AppShell() {
  const route = useAppStore((s) => s.route);
  const themePreference = useAppStore((s) => s.themePreference);
  const theme = useEffectiveTheme(themePreference);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader theme={theme} />
      <ReconnectBanner />
      <main className="app-main" id="main" tabIndex={-1}>
        {route.page === 'editor' ? (
          <FlowEditorPage key={route.flowId} flowId={route.flowId} theme={theme} />
        ) : route.page === 'connections' ? (
          <ConnectionsPage />
        ) : (
          <FlowsListPage />
        )}
      </main>
      <NoticeStack />
    </div>
  );
}
