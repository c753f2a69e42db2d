import type { SystemId } from '../../../shared/connectors/connector-descriptor';
import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import type { FlowNodeType } from '../../../shared/flow/flow.schema';
import type { ConnectorCatalog } from '../../lib/connector-catalog';
import type { NodeTemplate } from '../flow-editor/flow-edits';
import { entityTitle } from './node-titles';

/** One thing the palette offers. */
export interface PaletteEntry extends NodeTemplate {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  /** Lower-case words the search matches. */
  readonly words: string;
}

/** A palette group: one per system, then the transforms. */
export interface PaletteGroup {
  readonly key: string;
  readonly label: string;
  readonly system?: SystemId;
  readonly entries: readonly PaletteEntry[];
}

const transforms: FlowNodeType[] = ['mapper', 'filter', 'lookup', 'value-map'];

/** The palette's groups from the connector catalogue: per system and entity a source (canRead) and a destination (canWrite). */
export function paletteGroups(catalog: ConnectorCatalog | undefined): PaletteGroup[] {
  const systems: PaletteGroup[] = (catalog ?? []).map((connector) => ({
    key: connector.system,
    label: connector.label,
    system: connector.system,
    entries: connector.entities.flatMap((entity) => {
      const title = entityTitle(entity.entity) ?? entity.entity;
      const make = (type: 'source' | 'destination'): PaletteEntry => ({
        key: `${connector.system}:${entity.entity}:${type}`,
        type,
        system: connector.system,
        entity: entity.entity,
        label: title,
        hint:
          type === 'source'
            ? `Read ${title.toLowerCase()} from ${connector.label}`
            : `Write ${title.toLowerCase()} to ${connector.label}`,
        words:
          `${connector.label} ${connector.system} ${entity.entity} ${title} ${entity.apiName} ${type} ${type === 'source' ? 'read from' : 'write to'}`.toLowerCase(),
      });
      return [...(entity.canRead ? [make('source')] : []), ...(entity.canWrite ? [make('destination')] : [])];
    }),
  }));
  const transformGroup: PaletteGroup = {
    key: 'transforms',
    label: 'Transform',
    entries: transforms.map((type) => ({
      key: type,
      type,
      label: nodeCatalogue[type].label,
      hint: nodeCatalogue[type].description,
      words: `${type} ${nodeCatalogue[type].label} ${nodeCatalogue[type].description}`.toLowerCase(),
    })),
  };
  return [transformGroup, ...systems];
}

/** The groups with only the entries every word of the query matches. */
export function searchPalette(groups: readonly PaletteGroup[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...groups];
  return groups
    .map((group) => ({
      ...group,
      entries: group.entries.filter((entry) =>
        words.every((w) => `${group.label.toLowerCase()} ${entry.words}`.includes(w)),
      ),
    }))
    .filter((group) => group.entries.length > 0);
}

/** The drag-and-drop type that carries a palette entry onto the canvas. */
export const PALETTE_MIME = 'application/x-ledgerflow-node';
