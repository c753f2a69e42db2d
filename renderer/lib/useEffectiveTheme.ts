import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../stores/ui-slice';

const query = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The theme actually shown: the user's choice, or the system's when they have not chosen. */
export function useEffectiveTheme(preference: ThemePreference): 'light' | 'dark' {
  const systemIsDark = useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
  if (preference !== 'system') return preference;
  return systemIsDark ? 'dark' : 'light';
}
