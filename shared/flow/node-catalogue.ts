import type { FlowNode, FlowNodeType } from './flow.schema';

/** What the palette, the canvas and the graph checks know about a node type: pure data. */
export interface NodeTypeInfo {
  readonly type: FlowNodeType;
  readonly label: string;
  readonly description: string;
  readonly category: 'connector' | 'transform';
  /** Whether records flow into this node. */
  readonly takesInput: boolean;
  /** Whether records flow out of this node. */
  readonly givesOutput: boolean;
  /** Whether the node talks to a connection (and so needs one bound). */
  readonly usesConnection: boolean;
  /** The config a freshly dropped node starts with. */
  readonly defaultConfig: () => FlowNode['config'];
}

/** Every node type, in palette order. */
export const nodeCatalogue: Readonly<Record<FlowNodeType, NodeTypeInfo>> = {
  source: {
    type: 'source',
    label: 'Source',
    description: 'Reads records of one entity from a connected company.',
    category: 'connector',
    takesInput: false,
    givesOutput: true,
    usesConnection: true,
    defaultConfig: () => ({}),
  },
  destination: {
    type: 'destination',
    label: 'Destination',
    description: 'Matches records to what exists and creates or updates them in a connected company.',
    category: 'connector',
    takesInput: true,
    givesOutput: false,
    usesConnection: true,
    defaultConfig: () => ({ match: ['externalId'], onExisting: 'update', createOnlyFields: [] }),
  },
  mapper: {
    type: 'mapper',
    label: 'Mapper',
    description: 'Sets each target field from an expression over the incoming record.',
    category: 'transform',
    takesInput: true,
    givesOutput: true,
    usesConnection: false,
    defaultConfig: () => ({ fields: {} }),
  },
  filter: {
    type: 'filter',
    label: 'Filter',
    description: 'Lets through only the records that meet the conditions.',
    category: 'transform',
    takesInput: true,
    givesOutput: true,
    usesConnection: false,
    defaultConfig: () => ({ all: [] }),
  },
  lookup: {
    type: 'lookup',
    label: 'Lookup',
    description: 'Finds the matching record in another company, e.g. the Xero contact of a Visma customer.',
    category: 'transform',
    takesInput: true,
    givesOutput: true,
    usesConnection: true,
    defaultConfig: () => ({ onMissing: 'fail' }),
  },
  'value-map': {
    type: 'value-map',
    label: 'Value map',
    description: 'Translates codes with a table, e.g. Visma VAT codes to Xero tax types.',
    category: 'transform',
    takesInput: true,
    givesOutput: true,
    usesConnection: false,
    defaultConfig: () => ({ table: [], unmapped: 'fail' }),
  },
};
