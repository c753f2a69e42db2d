import { SystemMarks } from '../../lib/ui/SystemMarks';
import { useTemplates } from './useTemplates';

/** Ready flows to start from: each card imports a copy and opens it. */
export function TemplatesSection({ title = 'Templates' }: { title?: string }) {
  const { templates, usingId, applyTemplate } = useTemplates();
  if (templates?.length === 0) return null;
  return (
    <section className="templates" aria-labelledby="templates-title" data-testid="templates">
      <h2 id="templates-title" className="templates-title">
        {title}
      </h2>
      {!templates ? (
        <p className="muted small">Loading templates…</p>
      ) : (
        <ul className="template-list">
          {templates.map((template) => (
            <li key={template.id} className="template-card" data-testid="template-card">
              <div className="template-card-top">
                <SystemMarks systems={template.systems} />
                <span className="muted small">
                  {template.nodeCount} {template.nodeCount === 1 ? 'node' : 'nodes'}
                </span>
              </div>
              <h3 className="template-name">{template.name}</h3>
              <p className="template-description">{template.description}</p>
              <button
                type="button"
                className="btn btn-secondary btn-compact"
                disabled={usingId !== undefined}
                aria-label={`Use this flow: ${template.name}`}
                onClick={() => void applyTemplate(template)}
              >
                {usingId === template.id ? 'Opening…' : 'Use this flow'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
