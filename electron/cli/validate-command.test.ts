import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowExamples } from '../../test-support/flow-examples';
import { runValidateCommand } from './validate-command';

const dir = mkdtempSync(join(tmpdir(), 'lf-validate-'));
const run = (args: string[]) => {
  let out = '';
  let err = '';
  const code = runValidateCommand(
    args,
    { write: (s: string) => (out += s) },
    { write: (s: string) => (err += s) },
  );
  return { code, out, err };
};

describe('ledgerflow validate', () => {
  it('exits 0 on each example', () => {
    for (const example of loadFlowExamples()) {
      const file = join(dir, example.file);
      writeFileSync(file, example.text);
      const result = run([file]);
      expect(result.code, example.file).toBe(0);
      expect(result.out).toMatch(/^✓ .*valid flow/);
    }
  });

  it('exits 1 and prints every problem with its path', () => {
    const doc = loadFlowExamples().find((e) => e.file.includes('xero-contacts'))!.doc as any;
    doc.nodes[0].config.entity = 'contcat';
    doc.edges.push({ id: 'e9', source: 'customers', target: 'ghost' });
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(doc));
    const result = run([file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('2 errors');
    expect(result.out).toContain(
      "nodes[0].config.entity: 'contcat' is not an entity of Visma eAccounting; did you mean 'contact'?",
    );
    expect(result.out).toContain("edges[1].target: no node has the id 'ghost'");
    const json = run([file, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      valid: false,
      problems: [{ path: 'nodes[0].config.entity' }, { path: 'edges[1].target' }],
    });
  });

  it('exits 2 on a missing file or wrong usage', () => {
    expect(run([join(dir, 'nope.json')])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/cannot read .*ENOENT/),
    });
    expect(run([]).code).toBe(2);
    expect(run(['--help'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Usage: ledgerflow validate/),
    });
  });
});
