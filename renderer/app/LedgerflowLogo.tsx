/** The app mark: two ledgers joined by a flow. */
export function LedgerflowLogo({ size = 24 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="6" fill="var(--accent)" />
      <rect x="5" y="6" width="5" height="5" rx="1.5" fill="var(--accent-contrast)" />
      <rect x="14" y="13" width="5" height="5" rx="1.5" fill="var(--accent-contrast)" opacity="0.85" />
      <path
        d="M10 8.5h2.5a2 2 0 0 1 2 2v2.5"
        fill="none"
        stroke="var(--accent-contrast)"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
