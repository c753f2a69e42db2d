import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/contract/contract-registry';
import { useAppServices } from '../../app/useAppServices';
import { absoluteTime } from '../../lib/relative-time';
import { errorNotice } from '../../lib/error-notice';
import { Dialog } from '../../lib/ui/Dialog';

type Schedule = CallOutput<'runs.schedule.get'>;

/**
 * "Run every N minutes": delta runs while Ledgerflow is open, in the flow's mode. The shortest interval comes
 * from the APIs' limits and is shown, so the bookkeeper never has to guess.
 */
export function ScheduleDialog({
  flowId,
  flowName,
  mode,
  onClose,
}: {
  flowId: string;
  flowName: string;
  mode: 'shadow' | 'live';
  onClose: () => void;
}) {
  const { client, store } = useAppServices();
  const [schedule, setSchedule] = useState<Schedule>();
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    client
      .call('runs.schedule.get', { flowId })
      .then((s) => {
        setSchedule(s);
        setMinutes(String(s.everyMinutes ?? Math.max(15, s.minimumMinutes)));
      })
      .catch((e) => setError(errorNotice('Could not load the schedule', e).text));
  }, [client, flowId]);

  const save = async (everyMinutes: number | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await client.call('runs.schedule.set', { flowId, everyMinutes });
      store.getState().notify({
        tone: 'success',
        text:
          next.everyMinutes === null
            ? `'${flowName}' no longer runs on a schedule`
            : `'${flowName}' runs every ${next.everyMinutes} minutes`,
      });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const value = Number(minutes);
  const isValid = Number.isInteger(value) && schedule !== undefined && value >= schedule.minimumMinutes;
  return (
    <Dialog
      isOpen
      title={`Schedule '${flowName}'`}
      onClose={onClose}
      testId="schedule-dialog"
      footer={
        <>
          {schedule?.everyMinutes != null && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={isBusy}
              onClick={() => void save(null)}
            >
              Stop the schedule
            </button>
          )}
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!isValid || isBusy}
            onClick={() => void save(value)}
          >
            Save schedule
          </button>
        </>
      }
    >
      <p className="dialog-text">
        While Ledgerflow is open, it runs this flow {mode === 'live' ? 'live' : 'in shadow mode'} every few
        minutes, reading only what changed since the last successful run. You are told if a scheduled run
        fails or leaves dead letters.
      </p>
      <label className="schedule-field">
        Run every
        <input
          className="text-input schedule-minutes"
          type="number"
          inputMode="numeric"
          min={schedule?.minimumMinutes ?? 1}
          step={1}
          value={minutes}
          aria-invalid={!isValid && minutes !== ''}
          aria-describedby="schedule-hint"
          onChange={(e) => setMinutes(e.target.value)}
          autoFocus
        />
        minutes
      </label>
      <p id="schedule-hint" className="dialog-hint">
        {schedule
          ? `At least ${schedule.minimumMinutes} minutes, to stay well inside the APIs’ daily limits.`
          : 'Loading…'}
        {schedule?.nextRunAt && ` Next run: ${absoluteTime(schedule.nextRunAt)}.`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
