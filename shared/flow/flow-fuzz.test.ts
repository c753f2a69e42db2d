import { describe, expect, it } from 'vitest';
import { loadFlowExamples, seededRandom } from '../../test-support/flow-examples';
import { parseFlowText } from './flow-validation';

/**
 * Derives thousands of broken files from the examples and checks that every one is rejected with at least one
 * problem that names a place in the file, and that the parser never throws. Seeded: a failure names its case.
 */
type Doc = Record<string, any>;
type Mutation = (doc: Doc, pick: <T>(list: readonly T[]) => T, random: () => number) => string | Doc;

const requiredTop = ['format', 'version', 'id', 'name', 'mode', 'connections', 'nodes', 'edges'];
const requiredNode = ['id', 'type', 'position', 'config'];
const requiredEdge = ['id', 'source', 'target'];
const wrongValues = [42, -1.5, true, null, [], {}, 'text', [1, 'a'], { nested: { x: 1 } }];

const node = (doc: Doc, pick: <T>(l: readonly T[]) => T) => pick(doc.nodes as Doc[]);
const edge = (doc: Doc, pick: <T>(l: readonly T[]) => T) => pick(doc.edges as Doc[]);
const retype = (value: unknown, pick: <T>(l: readonly T[]) => T) => {
  const candidates = wrongValues.filter(
    (v) => typeof v !== typeof value || Array.isArray(v) !== Array.isArray(value),
  );
  return pick(candidates);
};

const mutations: Record<string, Mutation> = {
  'drop a required top-level field': (doc, pick) => {
    delete doc[pick(requiredTop)];
    return doc;
  },
  'drop a required node field': (doc, pick) => {
    delete node(doc, pick)[pick(requiredNode)];
    return doc;
  },
  'drop a required edge field': (doc, pick) => {
    delete edge(doc, pick)[pick(requiredEdge)];
    return doc;
  },
  'rename a top-level field': (doc, pick) => {
    const key = pick(requiredTop);
    doc[`${key}_renamed`] = doc[key];
    delete doc[key];
    return doc;
  },
  'rename a node field': (doc, pick) => {
    const n = node(doc, pick);
    const key = pick(Object.keys(n));
    n[key.toUpperCase() + 'x'] = n[key];
    delete n[key];
    return doc;
  },
  'rename a config field': (doc, pick) => {
    const config = node(doc, pick).config as Doc;
    const keys = Object.keys(config);
    const key = keys.length ? pick(keys) : 'fields';
    config[`${key}Typo`] = config[key] ?? 1;
    delete config[key];
    return doc;
  },
  'retype a top-level field': (doc, pick) => {
    const key = pick(requiredTop);
    doc[key] = retype(doc[key], pick);
    return doc;
  },
  'retype a node field': (doc, pick) => {
    const n = node(doc, pick);
    const key = pick(requiredNode);
    n[key] = retype(n[key], pick);
    return doc;
  },
  'retype a config value': (doc, pick) => {
    const config = node(doc, pick).config as Doc;
    const keys = Object.keys(config);
    if (keys.length === 0) return '{"format":"ledgerflow.flow","version":1,"nodes":"none"}';
    const key = pick(keys);
    config[key] = pick([{ deep: [1, 2, { x: null }] }, 12345.678, [[['nested']]]]);
    return doc;
  },
  'set a wrong version': (doc, pick) => {
    doc.version = pick([0, -1, 2, 99, 1.5, '1', null, 1e300]);
    return doc;
  },
  'set a wrong format': (doc, pick) => {
    doc.format = pick(['ledgerflow.flows', 'n8n', '', 'LEDGERFLOW.FLOW', null]);
    return doc;
  },
  'add a cycle': (doc, pick) => {
    const transforms = (doc.nodes as Doc[]).filter((n) => n.type !== 'source' && n.type !== 'destination');
    const dest = (doc.nodes as Doc[]).find((n) => n.type === 'destination')!;
    if (transforms.length === 0) {
      doc.edges.push({ id: 'loop', source: dest.id, target: pick(doc.nodes as Doc[]).id });
    } else {
      const a = pick(transforms);
      doc.edges.push({ id: 'self', source: a.id, target: a.id });
    }
    return doc;
  },
  'add a dangling edge': (doc, pick) => {
    const end = pick(['source', 'target'] as const);
    const e = { id: 'dangling', source: pick(doc.nodes as Doc[]).id, target: pick(doc.nodes as Doc[]).id };
    e[end] = pick(['ghost', 'n999', 'deleted-node']);
    doc.edges.push(e);
    return doc;
  },
  'duplicate an id': (doc, pick) => {
    if (doc.nodes.length > 1 && pick([true, false])) doc.nodes[1].id = doc.nodes[0].id;
    else doc.edges.push({ ...doc.edges[0] });
    return doc;
  },
  'insert a 1 MB string': (doc, pick, random) => {
    const big = 'x'.repeat(1_000_000 + Math.floor(random() * 1000));
    const target = pick(['name', 'id', 'description', 'node-label', 'expression', 'entity'] as const);
    if (target === 'node-label') node(doc, pick).label = big;
    else if (target === 'expression')
      doc.nodes.push({ id: 'm', type: 'mapper', position: { x: 0, y: 0 }, config: { fields: { a: big } } });
    else if (target === 'entity') node(doc, pick).config.entity = big;
    else doc[target] = big;
    return doc;
  },
  'nest deeply': (doc, pick, random) => {
    // Built as text: the nesting is deeper than JSON.stringify itself could recurse.
    const depth = 65 + Math.floor(random() * 20_000);
    const [open, close] = pick([
      ['[', ']'],
      ['{"v":', '}'],
    ] as const);
    node(doc, pick).config[pick(['filter', 'deep', 'fields'])] = '@@DEEP@@';
    return JSON.stringify(doc).replace('"@@DEEP@@"', `${open.repeat(depth)}"bottom"${close.repeat(depth)}`);
  },
  'break the JSON text': (doc, pick, random) => {
    const text = JSON.stringify(doc);
    const cut = Math.floor(random() * (text.length - 2)) + 1;
    return pick([
      () => text.slice(0, cut),
      () => `{${pick(['}', ']', ',', '\u0000', '{{', ':'])}${text.slice(1)}`,
      () => `${text}${pick(['}', ']', 'x', '{'])}`,
      () => text.replace(/"/g, "'"),
      () => `${text},`,
      () => '',
      () => String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(random() * 256))),
    ])();
  },
  'replace the whole file': (_doc, pick) => pick(['null', '42', '"flow"', '[]', 'true', '{}']),
  'use an unknown node type': (doc, pick) => {
    node(doc, pick).type = pick(['sourc', 'Destination', 'transform', '', 'script']);
    return doc;
  },
  'break an edge into a source': (doc, pick) => {
    const source = (doc.nodes as Doc[]).find((n) => n.type === 'source')!;
    const other = pick((doc.nodes as Doc[]).filter((n) => n.type !== 'source'));
    doc.edges.push({
      id: 'into-source',
      source: other.type === 'destination' ? source.id : other.id,
      target: source.id,
    });
    return doc;
  },
};

const examples = loadFlowExamples();
const names = Object.keys(mutations);
const CASES = 2_400;

describe('flow format fuzz', () => {
  it(`rejects ${CASES} broken files derived from the examples, each with a path-bearing problem`, () => {
    const random = seededRandom(20261121);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const perMutation = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const example = examples[i % examples.length]!;
      const name = names[i % names.length]!;
      const mutated = mutations[name]!(structuredClone(example.doc), pick, random);
      const text = typeof mutated === 'string' ? mutated : JSON.stringify(mutated);
      let result: ReturnType<typeof parseFlowText>;
      try {
        result = parseFlowText(text);
      } catch (error) {
        throw new Error(`case ${i} (${name} on ${example.file}) threw: ${String(error)}`);
      }
      const label = `case ${i} (${name} on ${example.file})`;
      expect(result.ok, label).toBe(false);
      expect(result.problems.length, label).toBeGreaterThan(0);
      for (const problem of result.problems) {
        expect(problem.path, label).toMatch(/^(\(file\)|[A-Za-z_[])/);
        expect(problem.message.length, label).toBeGreaterThan(5);
      }
      perMutation.set(name, (perMutation.get(name) ?? 0) + 1);
    }
    expect([...perMutation.keys()].sort()).toEqual([...names].sort());
  });
});
