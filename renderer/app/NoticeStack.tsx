import { Icon } from '../lib/ui/Icon';
import { useAppStore } from '../stores/useAppStore';

const icons = { success: 'check', error: 'alert', info: 'info' } as const;

/** The toasts, bottom right; read out politely by screen readers. */
export function NoticeStack() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotice);
  return (
    <div className="notice-stack" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} data-testid="notice">
          <span className="notice-icon">
            <Icon name={icons[notice.tone]} />
          </span>
          <div className="notice-text">
            <div>{notice.text}</div>
            {notice.detail && <div className="notice-detail">{notice.detail}</div>}
          </div>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label="Dismiss"
            onClick={() => dismiss(notice.id)}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
