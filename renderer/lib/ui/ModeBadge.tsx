/** Shadow (plans only, writes nothing) or live (writes to the destination). */
export function ModeBadge({ mode }: { mode: 'shadow' | 'live' }) {
  return (
    <span
      className={`badge badge-${mode}`}
      title={
        mode === 'shadow'
          ? 'Shadow: runs show what would change and write nothing'
          : 'Live: runs write to the destination'
      }
    >
      <span className="badge-dot" aria-hidden="true" />
      {mode === 'shadow' ? 'Shadow' : 'Live'}
    </span>
  );
}
