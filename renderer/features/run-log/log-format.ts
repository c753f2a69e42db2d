import { nodeCatalogue } from '../../../shared/flow/node-catalogue';
import type { FlowNode } from '../../../shared/flow/flow.schema';
import { nodeTitle } from '../canvas/node-titles';
import type { LogLevel, LogLine } from './log-model';

/** A level as a badge says it: words a bookkeeper reads without a glossary. */
export const levelWords: Readonly<Record<LogLevel, string>> = {
  debug: 'Detail',
  info: 'Info',
  warn: 'Warning',
  error: 'Error',
};

/** A level as its filter toggle says it. */
export const levelPlurals: Readonly<Record<LogLevel, string>> = {
  debug: 'Details',
  info: 'Info',
  warn: 'Warnings',
  error: 'Errors',
};

const two = (n: number) => String(n).padStart(2, '0');

/** "14:03:22.481" in local time; what a log row shows. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** "2025-05-03 14:03:22.481" in local time: unambiguous in any locale, and sorts as text. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clockTime(iso)}`;
}

/**
 * The nodes' names as the log shows them: the canvas title, made unique where two nodes share one
 * ("Invoices (source)", "Invoices (destination)").
 */
export function logNodeTitles(nodes: readonly FlowNode[]): ReadonlyMap<string, string> {
  const titleCount = new Map<string, number>();
  for (const node of nodes) titleCount.set(nodeTitle(node), (titleCount.get(nodeTitle(node)) ?? 0) + 1);
  const named = nodes.map((node) => {
    const title = nodeTitle(node);
    return {
      node,
      title:
        (titleCount.get(title) ?? 0) > 1
          ? `${title} (${nodeCatalogue[node.type].label.toLowerCase()})`
          : title,
    };
  });
  const namedCount = new Map<string, number>();
  for (const { title } of named) namedCount.set(title, (namedCount.get(title) ?? 0) + 1);
  return new Map(
    named.map(({ node, title }) => [
      node.id,
      (namedCount.get(title) ?? 0) > 1 ? `${title} · ${node.id}` : title,
    ]),
  );
}

/** A node's name in the log; a node removed from the flow since the run shows by its id. */
export function nodeName(titles: ReadonlyMap<string, string>, nodeId: string | undefined): string {
  if (nodeId === undefined) return '';
  return titles.get(nodeId) ?? nodeId;
}

/**
 * A line as text for the clipboard, readable when pasted into a mail or a ticket:
 * "2025-05-03 14:03:22.481 · Warning · Find the Xero contact · record 1042 · No contact with number 1042".
 */
export function lineText(line: LogLine, titles: ReadonlyMap<string, string>): string {
  return [
    localDateTime(line.at),
    levelWords[line.level],
    line.node === undefined ? undefined : nodeName(titles, line.node),
    line.recordKey === undefined ? undefined : `record ${line.recordKey}`,
    line.message,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}
