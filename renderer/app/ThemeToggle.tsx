import { Icon } from '../lib/ui/Icon';
import { useAppStore } from '../stores/useAppStore';

/** Switches between light and dark; the choice is remembered (until then the system's theme is followed). */
export function ThemeToggle({ theme }: { theme: 'light' | 'dark' }) {
  const setThemePreference = useAppStore((s) => s.setThemePreference);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => setThemePreference(next)}
    >
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
    </button>
  );
}
