import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store';

/** A short message in the corner: the outcome of an action. */
export interface Notice {
  readonly id: number;
  readonly tone: 'success' | 'error' | 'info';
  readonly text: string;
  /** A second line, e.g. an error's hint and code. */
  readonly detail?: string;
}

/** The notices (toasts) on screen. */
export interface NoticesSlice {
  notices: Notice[];
  /** Shows a notice; it goes away by itself (errors stay longer). Returns its id. */
  notify(notice: Omit<Notice, 'id'>): number;
  dismissNotice(id: number): void;
}

const lifetimeMs = { success: 4_000, info: 5_000, error: 9_000 } as const;

/** The notices slice. `schedule` is injectable so tests need no real timers. */
export function createNoticesSlice(
  schedule: (run: () => void, ms: number) => void = (run, ms) => void setTimeout(run, ms),
): StateCreator<AppState, [], [], NoticesSlice> {
  let nextId = 1;
  return (set, get) => ({
    notices: [],
    notify(notice) {
      const id = nextId++;
      // At most four at once: the oldest makes room.
      set({ notices: [...get().notices.slice(-3), { ...notice, id }] });
      schedule(() => get().dismissNotice(id), lifetimeMs[notice.tone]);
      return id;
    },
    dismissNotice(id) {
      if (get().notices.some((n) => n.id === id)) set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  });
}
