import { describe, expect, it } from 'vitest';
import { loadFlowExamples } from '../../test-support/flow-examples';
import { didYouMean, editDistance } from './did-you-mean';
import { migrateFlowDocument, type FlowMigration } from './flow-migrations';
import { parseFlowDocument, parseFlowText } from './flow-validation';
import { FLOW_VERSION, flowLimits } from './flow.schema';

const examples = loadFlowExamples();
const invoices = () => structuredClone(examples.find((e) => e.file.includes('xero-invoices'))!.doc) as any;

const problemsOf = (doc: unknown) => {
  const result = parseFlowDocument(doc);
  return result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('flow file format', () => {
  it.each(examples.map((e) => [e.file, e.text]))('accepts the example %s with no problems', (_file, text) => {
    const result = parseFlowText(text);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('names a mistyped entity with its system and suggests the right one', () => {
    const doc = invoices();
    doc.nodes[0].config.entity = 'invoce';
    expect(problemsOf(doc)).toContain(
      "nodes[0].config.entity: 'invoce' is not an entity of Visma eAccounting; did you mean 'invoice'?",
    );
  });

  it('refuses an entity the system cannot write at a destination', () => {
    const doc = invoices();
    doc.nodes[5].config.entity = 'taxRate';
    expect(problemsOf(doc).join('\n')).toMatch(
      /nodes\[5\]\.config\.entity: Xero does not let Ledgerflow write tax rates/,
    );
  });

  it('lists every schema problem by path: unknown keys, wrong types, bad enums, missing fields', () => {
    const doc = invoices();
    doc.nodes[1].type = 'filtr';
    doc.nodes[5].config.onExisting = 'overwrite';
    doc.nodes[0].position.x = 'left';
    delete doc.edges[0].target;
    doc.colour = 'blue';
    const problems = problemsOf(doc);
    expect(problems).toEqual(
      expect.arrayContaining([
        "nodes[1].type: 'filtr' is not one of source, destination, mapper, filter, lookup, value-map; did you mean 'filter'?",
        "nodes[5].config.onExisting: 'overwrite' is not one of update, skip",
        'nodes[0].position.x: must be a number, but is text',
        'edges[0].target: is required (text)',
        "(file): 'colour' is not a known field here",
      ]),
    );
  });

  it('reports dangling edges, edges into sources and loops', () => {
    const doc = invoices();
    doc.edges.push({ id: 'x1', source: 'reference', target: 'nowhere' });
    doc.edges.push({ id: 'x2', source: 'reference', target: 'invoices' });
    expect(problemsOf(doc)).toEqual(
      expect.arrayContaining([
        "edges[5].target: no node has the id 'nowhere'",
        "edges[6].target: 'eAccounting invoices' is a source; it reads from a company and takes no input",
      ]),
    );
    const loop = invoices();
    loop.edges.push({ id: 'back', source: 'vat', target: 'only-positive' });
    const result = parseFlowDocument(loop);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe('edges[5]');
    expect(result.problems[0]!.message).toMatch(
      /closes a loop .*'Only sent or paid invoices with a total'.*records must flow one way/,
    );
  });

  it('reports duplicate ids and unknown connections with a suggestion', () => {
    const doc = invoices();
    doc.nodes[2].id = 'invoices';
    doc.nodes[5].config.connection = 'dts';
    const problems = problemsOf(doc);
    expect(problems).toContain("nodes[2].id: 'invoices' is already the id of nodes[0]; ids must be unique");
    expect(problems).toContain(
      "nodes[5].config.connection: 'dts' is not one of this flow's connections (src, dst); did you mean 'dst'?",
    );
  });

  it('accepts a draft whose destination has no source, but marks it incomplete', () => {
    const doc = invoices();
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== 'e5');
    const result = parseFlowDocument(doc);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      {
        path: 'nodes[5]',
        message: "'Xero invoices' is not fed by any source; connect a source to it",
        severity: 'incomplete',
        nodeId: 'xero-invoices',
      },
    ]);
  });

  it('refuses a destination that receives another entity with no mapper between', () => {
    const doc = invoices();
    doc.nodes = doc.nodes.filter((n: { id: string }) => n.id !== 'reference');
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== 'e5' && e.id !== 'e4');
    doc.edges.push({ id: 'e6', source: 'vat', target: 'xero-invoices' });
    doc.nodes[4].config.entity = 'contact';
    expect(problemsOf(doc)).toContain(
      "nodes[4].config.entity: 'Xero invoices' writes contacts but receives invoices with no mapper between; add a mapper or pick the same entity",
    );
  });

  it('says where JSON is broken, by line and column', () => {
    const result = parseFlowText('{\n  "format": "ledgerflow.flow",\n  "version": 1,\n}');
    expect(result.ok).toBe(false);
    expect(result.ok || result.code).toBe('LF-1105');
    expect(result.problems[0]!.message).toMatch(/not valid JSON: .* at line 4, column 1/);
  });

  it('refuses a file from a newer Ledgerflow, saying so', () => {
    const doc = invoices();
    doc.version = FLOW_VERSION + 1;
    const result = parseFlowDocument(doc);
    expect(result.ok || result.code).toBe('LF-1104');
    expect(result.problems[0]).toMatchObject({
      path: 'version',
      message: expect.stringMatching(/newer than this Ledgerflow reads/),
    });
  });

  it('refuses something that is not a flow file at all', () => {
    expect(parseFlowText('[1,2,3]').problems[0]!.message).toMatch(/must be a JSON object/);
    expect(parseFlowDocument({ nodes: [] }).problems[0]).toMatchObject({ path: 'format' });
    expect(parseFlowDocument({ format: 'n8n.workflow' }).problems[0]!.message).toMatch(
      /not a Ledgerflow flow file/,
    );
  });

  it('bounds size and depth before parsing anything', () => {
    expect(parseFlowText(' '.repeat(flowLimits.fileBytes + 1))).toMatchObject({ ok: false, code: 'LF-1106' });
    const deep = invoices();
    let nested: unknown = 1;
    for (let i = 0; i < 100_000; i++) nested = [nested];
    deep.nodes[0].config.filter = { status: nested };
    expect(parseFlowDocument(deep).problems[0]!.message).toMatch(/nested more than 64 levels/);
  });
});

describe('migrations', () => {
  // Version 1 is the first format, so the shipped list is empty; the mechanism is tested with a chain.
  const chain: FlowMigration[] = [
    { from: 1, migrate: (doc) => ({ ...doc, title: doc.name, name: undefined }) },
    { from: 2, migrate: (doc) => ({ ...doc, label: `v3:${String(doc.title)}`, title: undefined }) },
  ];

  it('applies each numbered step in order and says where it started', () => {
    const result = migrateFlowDocument({ version: 1, name: 'A' }, chain, 3);
    expect(result).toEqual({
      ok: true,
      doc: { version: 3, label: 'v3:A', name: undefined, title: undefined },
      migratedFrom: 1,
    });
  });

  it('leaves a current document alone and refuses newer or unknown versions', () => {
    expect(migrateFlowDocument({ version: 3 }, chain, 3)).toEqual({ ok: true, doc: { version: 3 } });
    expect(migrateFlowDocument({ version: 4 }, chain, 3)).toEqual({ ok: false, reason: 'newer', version: 4 });
    expect(migrateFlowDocument({ version: 0 }, chain, 3)).toMatchObject({ ok: false, reason: 'unknown' });
    expect(migrateFlowDocument({ version: 1 }, [chain[1]!], 3)).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });

  it('runs a migrated file through the full validation', () => {
    const doc = invoices();
    doc.version = 0.5;
    expect(parseFlowDocument(doc).problems[0]).toMatchObject({ path: 'version' });
  });
});

describe('did you mean', () => {
  it('counts a transposition as one edit and ignores far-off words', () => {
    expect(editDistance('dts', 'dst')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('Invoce', ['contact', 'invoice'])).toBe('invoice');
    expect(didYouMean('zzzzzz', ['contact', 'invoice'])).toBeUndefined();
  });
});

describe('two-way flows and conflict policies', () => {
  const twoWay = () => structuredClone(examples.find((e) => e.file.includes('contacts-two-way'))!.doc) as any;
  const destination = (doc: any, id: string) => doc.nodes.find((n: { id: string }) => n.id === id);

  it('needs a conflict policy on both destinations of a two-way pair before the flow can run', () => {
    const doc = twoWay();
    delete destination(doc, 'to-vea').config.conflictPolicy;
    const result = parseFlowDocument(doc);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      {
        path: 'nodes[6].config.conflictPolicy',
        message:
          "'Xero contacts' and 'eAccounting customers' copy contacts both ways between Visma eAccounting and Xero: choose what 'eAccounting customers' does when a contact changed on both sides since the last sync (conflict policy: newest-wins, prefer-source, prefer-destination, skip)",
        severity: 'incomplete',
        nodeId: 'to-vea',
      },
    ]);
  });

  it('refuses two policies that would both overwrite, and allows one side to win', () => {
    const doc = twoWay();
    destination(doc, 'to-xero').config.conflictPolicy = 'prefer-source';
    destination(doc, 'to-vea').config.conflictPolicy = 'newest-wins';
    expect(problemsOf(doc)).toEqual([
      "nodes[6].config.conflictPolicy: 'Xero contacts' and 'eAccounting customers' copy contacts both ways between Visma eAccounting and Xero, and with 'prefer-source' on 'Xero contacts' and 'newest-wins' on 'eAccounting customers' a contact changed on both sides would be overwritten both ways (the two versions swap); let one side win with 'prefer-destination' on the other, or use 'newest-wins' or 'skip' on both",
    ]);
    destination(doc, 'to-vea').config.conflictPolicy = 'prefer-destination';
    expect(problemsOf(doc)).toEqual([]);
    destination(doc, 'to-xero').config.conflictPolicy = 'skip';
    destination(doc, 'to-vea').config.conflictPolicy = 'skip';
    expect(problemsOf(doc)).toEqual([]);
  });

  it('names the allowed policies when one is misspelt', () => {
    const doc = twoWay();
    destination(doc, 'to-xero').config.conflictPolicy = 'newest-win';
    expect(problemsOf(doc)).toEqual([
      "nodes[2].config.conflictPolicy: 'newest-win' is not one of newest-wins, prefer-source, prefer-destination, skip; did you mean 'newest-wins'?",
    ]);
  });

  it('asks for no policy when the two directions do not meet (a one-way flow may still set one)', () => {
    const doc = twoWay();
    // Xero contacts now go to a second eAccounting connection: no destination writes back what the other reads.
    doc.connections.other = { system: 'visma-eaccounting', label: 'Another company' };
    destination(doc, 'to-vea').config.connection = 'other';
    delete destination(doc, 'to-vea').config.conflictPolicy;
    expect(problemsOf(doc)).toEqual([]);
  });
});
