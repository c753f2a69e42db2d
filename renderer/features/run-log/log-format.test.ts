import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import { clockTime, lineText, localDateTime, logNodeTitles } from './log-format';
import type { LogLine } from './log-model';

describe('log formatting', () => {
  // A wall-clock time in this machine's zone, whatever it is.
  const at = new Date(2025, 4, 3, 9, 7, 5, 42).toISOString();

  it('shows times in local time, to the millisecond', () => {
    expect(clockTime(at)).toBe('09:07:05.042');
    expect(localDateTime(at)).toBe('2025-05-03 09:07:05.042');
    expect(clockTime('not a time')).toBe('');
  });

  it('names nodes as the canvas does, and tells apart nodes with the same name', () => {
    const nodes: FlowNode[] = [
      { id: 'a', type: 'source', position: { x: 0, y: 0 }, config: { entity: 'invoice' } },
      { id: 'b', type: 'destination', position: { x: 0, y: 0 }, config: { entity: 'invoice' } },
      { id: 'c', type: 'mapper', position: { x: 0, y: 0 }, config: { fields: {} }, label: 'Map it' },
      { id: 'd', type: 'mapper', position: { x: 0, y: 0 }, config: { fields: {} } },
      { id: 'e', type: 'mapper', position: { x: 0, y: 0 }, config: { fields: {} } },
    ];
    expect([...logNodeTitles(nodes)]).toEqual([
      ['a', 'Invoices (source)'],
      ['b', 'Invoices (destination)'],
      ['c', 'Map it'],
      ['d', 'Mapper (mapper) · d'],
      ['e', 'Mapper (mapper) · e'],
    ]);
  });

  it('copies a line as one readable line of text', () => {
    const titles = new Map([['dest', 'Invoices to Xero']]);
    const warn: LogLine = {
      runId: 'r',
      flowId: 'f',
      seq: 7,
      at,
      level: 'warn',
      kind: 'plan-invalid',
      node: 'dest',
      recordKey: '1042',
      message: 'No Xero tax type for VAT code MP9',
    };
    expect(lineText(warn, titles)).toBe(
      '2025-05-03 09:07:05.042 · Warning · Invoices to Xero · record 1042 · No Xero tax type for VAT code MP9',
    );
    const { node: _node, recordKey: _key, ...plain } = warn;
    expect(lineText({ ...plain, level: 'info', message: 'Run started' }, titles)).toBe(
      '2025-05-03 09:07:05.042 · Info · Run started',
    );
    expect(lineText({ ...warn, node: 'gone' }, titles)).toContain(' · gone · ');
  });
});
