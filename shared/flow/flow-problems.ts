import type { z } from 'zod';
import { didYouMean } from './did-you-mean';
import { describeJsonType, formatPath, valueAt, type JsonPath } from './json-path';

/**
 * One problem with a flow, located by JSON path and written for a bookkeeper.
 * `error` problems make a file invalid; `incomplete` ones mark a draft that cannot run yet
 * (a destination with no source, a source with no entity chosen) but may still be saved.
 */
export interface FlowProblem {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'incomplete';
  /** The node the problem belongs to, so the UI can select it. */
  readonly nodeId?: string;
}

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const quote = (value: unknown) =>
  typeof value === 'string' ? `'${value.slice(0, 80)}'` : JSON.stringify(value);

/**
 * Turns zod's issues into path-bearing problems in plain words, with "did you mean" hints for typos.
 * For a union that matched no branch, the branch that got furthest is the one reported.
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  doc: unknown,
  base: JsonPath = [],
): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      problems.push(...problemsFromZod(bestBranch(issue.errors), doc, path));
      continue;
    }
    problems.push({
      path: formatPath(path),
      message: describeIssue(issue, valueAt(doc, path)),
      severity: 'error',
    });
  }
  return dedupe(problems);
}

function bestBranch(branches: ReadonlyArray<readonly z.core.$ZodIssue[]>): readonly z.core.$ZodIssue[] {
  // The branch whose issues sit deepest got furthest into the value; ties go to the one with fewest issues.
  const score = (issues: readonly z.core.$ZodIssue[]) =>
    Math.max(...issues.map((i) => i.path.length)) * 1000 - issues.length;
  return branches.reduce((best, branch) => (score(branch) > score(best) ? branch : best));
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeWords[issue.expected] ?? issue.expected;
      if (value === undefined) return `is required (${expected})`;
      return `must be ${expected}, but is ${describeJsonType(value)}`;
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `'${k.slice(0, 80)}'`).join(', ');
      return issue.keys.length === 1
        ? `${keys} is not a known field here`
        : `${keys} are not known fields here`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      if (allowed.length === 1) return `must be ${quote(issue.values[0])}, but is ${quote(value)}`;
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return `${quote(value)} is not one of ${allowed.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`;
    }
    case 'invalid_union': {
      const union = issue as { note?: string; options?: unknown[] };
      if (union.note === 'No matching discriminator') {
        const options = union.options?.map(String) ?? [];
        if (value === undefined) return `is required (one of ${options.join(', ')})`;
        const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
        return `${quote(value)} is not one of ${options.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`;
      }
      return `does not have a valid shape (${describeJsonType(value)})`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `has too many entries (at most ${issue.maximum})`;
      return `is too large (at most ${issue.maximum})`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `is too short (at least ${issue.minimum} characters)`;
      if (issue.origin === 'array') return `needs at least ${issue.minimum} entries`;
      return `is too small (at least ${issue.minimum})`;
    case 'invalid_format':
      return `has the wrong form: ${issue.message}`;
    case 'invalid_key':
      return `the key is not valid: ${issue.issues.map((i) => describeIssue(i, undefined)).join('; ')}`;
    default:
      return issue.message;
  }
}

function dedupe(problems: FlowProblem[]): FlowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
