import { useAppStore } from '../stores/useAppStore';
import { LedgerflowLogo } from './LedgerflowLogo';
import { ThemeToggle } from './ThemeToggle';

/** The bar at the top: the app's name (a way home) and the theme toggle. */
export function AppHeader({ theme }: { theme: 'light' | 'dark' }) {
  const navigate = useAppStore((s) => s.navigate);
  const page = useAppStore((s) => s.route.page);
  return (
    <header className="app-header">
      <a
        className="brand"
        href="?"
        onClick={(event) => {
          event.preventDefault();
          navigate({ page: 'flows' });
        }}
      >
        <LedgerflowLogo />
        <span className="brand-name">Ledgerflow</span>
      </a>
      <div className="app-header-end">
        <a
          className={`header-link${page === 'connections' ? ' is-current' : ''}`}
          href="?page=connections"
          aria-current={page === 'connections' ? 'page' : undefined}
          onClick={(event) => {
            event.preventDefault();
            navigate({ page: 'connections' });
          }}
        >
          Connections
        </a>
        <ThemeToggle theme={theme} />
      </div>
    </header>
  );
}
