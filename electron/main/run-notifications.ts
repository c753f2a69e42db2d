import { Notification } from 'electron';
import { scheduledRunAlert } from '../../shared/runs/run-alerts';
import type { HostEvents } from '../host/host-events';

/**
 * OS notifications for scheduled runs that failed or left dead letters (issue 8): the app may be in the
 * background when a schedule fires. Clicking one brings the window forward.
 */
export function notifyScheduledRuns(events: HostEvents, focus: () => void): () => void {
  return events.on('runs.onDidChange', (run) => {
    const alert = scheduledRunAlert(run);
    if (!alert || !Notification.isSupported()) return;
    const notification = new Notification({ title: alert.title, body: alert.body });
    notification.on('click', focus);
    notification.show();
  });
}
