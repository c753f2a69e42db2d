import { useMemo, useState, type DragEvent } from 'react';
import { useConnectorCatalog } from '../../lib/connector-catalog';
import { SystemMark } from '../../lib/ui/SystemMark';
import type { NodeTemplate } from '../flow-editor/flow-edits';
import { NodeTypeIcon } from './NodeTypeIcon';
import { PALETTE_MIME, paletteGroups, searchPalette, type PaletteEntry } from './palette-entries';

/**
 * The node palette: grouped by system (each entity as a source and a destination) and transforms, searchable.
 * Drag an entry onto the canvas, or click it to add it at the centre of the view.
 */
export function Palette({ onAdd }: { onAdd: (template: NodeTemplate) => void }) {
  const catalog = useConnectorCatalog();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(catalog), [catalog]);
  const shown = useMemo(() => searchPalette(groups, query), [groups, query]);

  const onDragStart = (event: DragEvent, entry: PaletteEntry) => {
    const template: NodeTemplate = {
      type: entry.type,
      ...(entry.system ? { system: entry.system, entity: entry.entity } : {}),
    };
    event.dataTransfer.setData(PALETTE_MIME, JSON.stringify(template));
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label="Nodes" data-testid="palette">
      <div className="palette-search">
        <input
          type="search"
          className="text-input palette-search-input"
          placeholder="Search nodes…"
          aria-label="Search nodes"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <div className="palette-groups">
        {!catalog && <p className="muted small palette-note">Loading connectors…</p>}
        {catalog && shown.length === 0 && (
          <p className="muted small palette-note">Nothing matches “{query}”.</p>
        )}
        {shown.map((group) => (
          <section key={group.key} className="palette-group" aria-label={group.label}>
            <h3 className="palette-group-title">
              {group.system && <SystemMark system={group.system} />}
              {group.label}
            </h3>
            <ul className="palette-list">
              {group.entries.map((entry) => (
                <li key={entry.key}>
                  <button
                    type="button"
                    className={`palette-item palette-item-${entry.type}`}
                    draggable
                    title={`${entry.hint}. Drag onto the canvas, or click to add.`}
                    aria-label={`Add ${entry.hint.charAt(0).toLowerCase()}${entry.hint.slice(1)}`}
                    data-testid="palette-item"
                    data-node-type={entry.type}
                    data-system={entry.system}
                    data-entity={entry.entity}
                    onDragStart={(event) => onDragStart(event, entry)}
                    onClick={() =>
                      onAdd({
                        type: entry.type,
                        ...(entry.system ? { system: entry.system, entity: entry.entity } : {}),
                      })
                    }
                  >
                    <span className="palette-item-icon">
                      <NodeTypeIcon type={entry.type} size={14} />
                    </span>
                    <span className="palette-item-label">{entry.label}</span>
                    {entry.system && (
                      <span className={`palette-item-direction palette-item-direction-${entry.type}`}>
                        {entry.type === 'source' ? 'read' : 'write'}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
