import jsonata from 'jsonata';

/**
 * JSONata for mappers and filters (ARCHITECTURE §3). The interpreter maps a 10-field record at only ~10-14k
 * records/s, so the common subset (paths, literals, `&`, arithmetic, comparisons, `and`/`or`, conditionals, the
 * usual string and number functions, blocks with `$variable :=` bindings, object and array constructors, and a
 * block mapped over a list: `[lines.({ … })]`) is compiled to plain JS closures; everything else, and any value the
 * closures are not sure about (arrays in arithmetic, objects compared, a string `$number` cannot read, a wrong
 * argument type), goes to the interpreter, so both always agree (jsonata-compiler.test.ts checks a corpus).
 */

/** Thrown by a compiled closure that meets a case only the interpreter handles exactly. */
class NeedsInterpreter extends Error {}

/** A JSONata evaluation error as the interpreter reports it. */
export interface ExpressionFailure {
  readonly code: string;
  readonly message: string;
  readonly position?: number;
}

/** A compiled expression: the fast closure when the whole expression is in the subset, else only the interpreter. */
export interface CompiledExpression {
  /** The source text. */
  readonly source: string;
  /** Whether the closure covers the whole expression. */
  readonly isCompiled: boolean;
  /**
   * Evaluates synchronously when the closure can; returns `undefined` in `needsAsync` otherwise. Throws an
   * ExpressionFailure-shaped error on a JSONata error.
   */
  trySync(input: unknown): { readonly value: unknown } | undefined;
  /** Evaluates with whichever path fits (the closure first, then the interpreter). */
  evaluate(input: unknown): Promise<unknown>;
  /** Always the interpreter (for the agreement tests). */
  interpret(input: unknown): Promise<unknown>;
}

type Fn = (input: unknown) => unknown;
interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  lhs?: AstNode;
  rhs?: AstNode;
  steps?: AstNode[];
  stages?: unknown[];
  predicate?: unknown;
  group?: unknown;
  focus?: unknown;
  index?: unknown;
  tuple?: unknown;
  keepArray?: boolean;
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  expression?: AstNode;
  expressions?: AstNode[];
  arguments?: AstNode[];
  procedure?: AstNode;
}

/** The AST is outside the subset: the interpreter handles this expression. */
class NotCompilable extends Error {}

/**
 * Compiles a JSONata expression. Throws the parser's error (with `code` and `position`) when it does not parse.
 */
export function compileExpression(source: string): CompiledExpression {
  const interpreter = jsonata(source);
  let closure: Fn | undefined;
  try {
    closure = compileNode(interpreter.ast() as AstNode);
  } catch (error) {
    if (!(error instanceof NotCompilable)) throw error;
  }
  const interpret = (input: unknown) => interpreter.evaluate(input) as Promise<unknown>;
  return {
    source,
    isCompiled: closure !== undefined,
    trySync(input) {
      if (!closure) return undefined;
      try {
        return { value: closure(input) };
      } catch (error) {
        if (error instanceof NeedsInterpreter) return undefined;
        throw error;
      }
    },
    async evaluate(input) {
      const fast = this.trySync(input);
      return fast ? fast.value : interpret(input);
    },
    interpret,
  };
}

/** A JSONata-shaped error from a closure (same code as the interpreter's). */
function fail(code: string, message: string, position?: number): never {
  const error = new Error(message) as Error & ExpressionFailure;
  Object.assign(error, { code, position });
  throw error;
}

function compileNode(node: AstNode): Fn {
  if (node.stages || node.predicate || node.group || node.focus || node.index || node.tuple || node.keepArray)
    throw new NotCompilable();
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value;
      return () => value;
    }
    case 'path':
      return compilePath(node.steps ?? []);
    case 'name':
      return compilePath([node]);
    case 'block':
      return compileBlock(node);
    case 'variable': {
      // A variable bound by an enclosing block of this expression; anything else ($, $$, outer bindings) is
      // the interpreter's.
      for (let i = scopes.length - 1; i >= 0; i--) {
        const slot = scopes[i]!.get(node.value as string);
        if (slot) return () => slot.value;
      }
      throw new NotCompilable();
    }
    case 'bind': {
      const name = node.lhs?.type === 'variable' ? node.lhs.value : undefined;
      const scope = scopes.at(-1);
      if (typeof name !== 'string' || name === '' || !scope) throw new NotCompilable();
      // Compiled before the binding exists: the right-hand side cannot see it, as in JSONata.
      const rhs = compileNode(node.rhs!);
      const slot: Slot = { value: undefined };
      scope.set(name, slot);
      return (input) => (slot.value = rhs(input));
    }
    case 'unary': {
      if (node.value === '{') return compileObject(node);
      if (node.value === '[') return compileArray(node);
      if (node.value !== '-' || !node.expression) throw new NotCompilable();
      const inner = compileNode(node.expression);
      return (input) => {
        const v = inner(input);
        if (v === undefined) return undefined;
        if (typeof v === 'number') return -v;
        throw new NeedsInterpreter();
      };
    }
    case 'condition': {
      const cond = compileNode(node.condition!);
      const then = compileNode(node.then!);
      const otherwise = node.else ? compileNode(node.else) : () => undefined;
      return (input) => (toBoolean(cond(input)) ? then(input) : otherwise(input));
    }
    case 'binary':
      return compileBinary(node);
    case 'function':
      return compileFunction(node);
    default:
      throw new NotCompilable();
  }
}

function compilePath(steps: AstNode[]): Fn {
  const last = steps.at(-1);
  if (steps.length > 1 && last?.type === 'block') return compileBlockStep(steps.slice(0, -1), last);
  const names = steps.map((s) => {
    if (s.type !== 'name' || typeof s.value !== 'string' || s.stages || s.predicate || s.group || s.focus)
      throw new NotCompilable();
    return s.value;
  });
  if (names.length === 1) {
    const name = names[0]!;
    // The common case, one field of a plain object: no sequence bookkeeping.
    return (input) => {
      if (input !== null && typeof input === 'object' && !Array.isArray(input))
        return (input as Record<string, unknown>)[name];
      return walk(input, names);
    };
  }
  // A chain of plain objects ending in a single value (`address.city`): no sequence bookkeeping; anything else
  // (a list on the way or at the end, a missing object) takes the general walk.
  return (input) => {
    let v = input;
    for (const name of names) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return walk(input, names);
      v = (v as Record<string, unknown>)[name];
      if (v === undefined) return undefined;
    }
    return Array.isArray(v) ? walk(input, names) : v;
  };
}

/**
 * `lines.( … )`: the block once per item the path before it reaches, each item its context; the results in a
 * sequence (a single one unwrapped). A block that answers with an array is left to the interpreter (JSONata
 * keeps or flattens it depending on how it was made).
 */
function compileBlockStep(lead: AstNode[], block: AstNode): Fn {
  const names = lead.map((s) => {
    if (s.type !== 'name' || typeof s.value !== 'string' || s.stages || s.predicate || s.group || s.focus)
      throw new NotCompilable();
    return s.value;
  });
  const each = compileNode(block);
  return (input) => {
    const out: unknown[] = [];
    for (const item of sequence(input, names).items) {
      const v = each(item);
      if (v === undefined) continue;
      if (Array.isArray(v)) throw new NeedsInterpreter();
      out.push(v);
    }
    return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
  };
}

/** JSONata path semantics: map over arrays, flatten, unwrap a single result unless it came from an array value. */
function walk(input: unknown, names: readonly string[]): unknown {
  const { items, lastWasArray } = sequence(input, names);
  if (items.length === 0) return undefined;
  if (items.length === 1 && !lastWasArray) return items[0];
  return items;
}

/** The items a path of names reaches, flattened, and whether the last step met an array value. */
function sequence(input: unknown, names: readonly string[]): { items: unknown[]; lastWasArray: boolean } {
  let current: unknown[] = Array.isArray(input) ? input : [input];
  let lastWasArray = false;
  for (const name of names) {
    const next: unknown[] = [];
    lastWasArray = false;
    for (const item of current) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      const v = (item as Record<string, unknown>)[name];
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        lastWasArray = true;
        for (const e of v) if (Array.isArray(e)) throw new NeedsInterpreter();
        next.push(...v);
      } else next.push(v);
    }
    current = next;
  }
  return { items: current, lastWasArray };
}

/** A variable bound in a block (`$rate := …`): one slot per binding, set as the block runs. */
interface Slot {
  value: unknown;
}

/** The bindings in scope while compiling, innermost block last (compiling is synchronous). */
const scopes: Array<Map<string, Slot>> = [];

/** `( a; b; c )`: each in turn, the last one's value; its bindings are its own and start out unbound. */
function compileBlock(node: AstNode): Fn {
  const scope = new Map<string, Slot>();
  scopes.push(scope);
  let parts: Fn[];
  try {
    parts = (node.expressions ?? []).map(compileNode);
  } finally {
    scopes.pop();
  }
  if (parts.length === 0) throw new NotCompilable();
  const slots = [...scope.values()];
  if (parts.length === 1 && slots.length === 0) return parts[0]!;
  return (input) => {
    for (const slot of slots) slot.value = undefined;
    let value: unknown;
    for (const part of parts) value = part(input);
    return value;
  };
}

/** `{ 'key': value, … }` with literal keys, over one object: a key whose value is undefined is left out. */
function compileObject(node: AstNode): Fn {
  const pairs = node.lhs as unknown as ReadonlyArray<readonly [AstNode, AstNode]> | undefined;
  if (!Array.isArray(pairs) || pairs.length === 0) throw new NotCompilable();
  const keys: string[] = [];
  const values: Fn[] = [];
  for (const [key, value] of pairs) {
    if (key.type !== 'string' || typeof key.value !== 'string' || keys.includes(key.value))
      throw new NotCompilable();
    keys.push(key.value);
    values.push(compileNode(value));
  }
  return (input) => {
    // Over a sequence the constructor groups its items: the interpreter's business.
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new NeedsInterpreter();
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!(input);
      if (v !== undefined) out[keys[i]!] = v;
    }
    return out;
  };
}

/** `[ a, b ]`: an array of the values, sequences flattened into it, an inner `[…]` kept whole. */
function compileArray(node: AstNode): Fn {
  const items = (node.expressions ?? []).map((e) => ({
    value: compileNode(e),
    keepWhole: e.type === 'unary' && e.value === '[',
  }));
  return (input) => {
    const out: unknown[] = [];
    for (const { value, keepWhole } of items) {
      const v = value(input);
      if (v === undefined) continue;
      if (Array.isArray(v) && !keepWhole) out.push(...v);
      else out.push(v);
    }
    return out;
  };
}

function compileBinary(node: AstNode): Fn {
  const op = node.value as string;
  const lhs = compileNode(node.lhs!);
  const rhs = compileNode(node.rhs!);
  switch (op) {
    case '&':
      return (input) => concatString(lhs(input)) + concatString(rhs(input));
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return (input) => arithmetic(op, lhs(input), rhs(input), node.position);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (input) => compare(op, lhs(input), rhs(input), node.position);
    case '=':
    case '!=':
      return (input) => {
        const a = lhs(input);
        const b = rhs(input);
        if (a === undefined || b === undefined) return false;
        if ((a !== null && typeof a === 'object') || (b !== null && typeof b === 'object'))
          throw new NeedsInterpreter();
        return op === '=' ? a === b : a !== b;
      };
    case 'and':
      return (input) => toBoolean(lhs(input)) && toBoolean(rhs(input));
    case 'or':
      return (input) => toBoolean(lhs(input)) || toBoolean(rhs(input));
    default:
      throw new NotCompilable();
  }
}

function arithmetic(op: string, a: unknown, b: unknown, position?: number): number | undefined {
  if (a !== undefined && typeof a !== 'number')
    fail('T2001', `The left side of the "${op}" operator must evaluate to a number`, position);
  if (b !== undefined && typeof b !== 'number')
    fail('T2002', `The right side of the "${op}" operator must evaluate to a number`, position);
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

function compare(op: string, a: unknown, b: unknown, position?: number): boolean | undefined {
  const comparable = (v: unknown) => typeof v === 'number' || typeof v === 'string';
  if ((a !== undefined && !comparable(a)) || (b !== undefined && !comparable(b)))
    throw new NeedsInterpreter();
  if (a === undefined || b === undefined) return undefined;
  if (typeof a !== typeof b)
    fail(
      'T2009',
      `The values ${JSON.stringify(a)} and ${JSON.stringify(b)} either side of operator "${op}" must be of the same data type`,
      position,
    );
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/** JSONata's $boolean for scalars and plain objects; arrays go to the interpreter. */
function toBoolean(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (Array.isArray(v) || typeof v === 'function') throw new NeedsInterpreter();
  return Object.keys(v as object).length > 0;
}

/** `&` stringifies each side with $string; undefined is the empty string. */
function concatString(v: unknown): string {
  if (v === undefined) return '';
  const s = toJsonataString(v);
  if (s === undefined) throw new NeedsInterpreter();
  return s;
}

function toJsonataString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new NeedsInterpreter();
    // JSONata prints numbers at 15 significant digits, so 0.1 + 0.2 reads "0.3".
    return JSON.stringify(Number(v.toPrecision(15)));
  }
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return undefined;
}

const chars = (s: string) => Array.from(s);
const SURROGATE = /[\uD800-\uDFFF]/;
/** Whether `$trim` has whitespace to collapse: a tab, a line break or two spaces in a row. */
function collapsible(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c === 32 && s.charCodeAt(i + 1) === 32)) return true;
  }
  return false;
}
const joined = (part: string | string[]) => (typeof part === 'string' ? part : part.join(''));
const NUMBER_TEXT = /^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;

/** Functions of the subset; each returns undefined for an undefined first argument, as JSONata does. */
const functions: Record<string, (args: unknown[]) => unknown> = {
  string: ([v]) => {
    if (v === undefined) return undefined;
    const s = toJsonataString(v);
    if (s === undefined) throw new NeedsInterpreter();
    return s;
  },
  number: ([v]) => {
    if (v === undefined || typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string' && NUMBER_TEXT.test(v)) return Number(v);
    throw new NeedsInterpreter();
  },
  uppercase: ([v]) => (v === undefined ? undefined : str(v).toUpperCase()),
  lowercase: ([v]) => (v === undefined ? undefined : str(v).toLowerCase()),
  trim: ([v]) => {
    if (v === undefined) return undefined;
    const s = str(v);
    // Runs of whitespace become one space; a string with none to collapse skips the regex replace.
    return (collapsible(s) ? s.replace(/[ \t\n\r]+/gm, ' ') : s).trim();
  },
  length: ([v]) => (v === undefined ? undefined : chars(str(v)).length),
  substring: ([v, start, length]) => {
    if (v === undefined) return undefined;
    const s = str(v);
    // JSONata counts code points; without surrogate pairs those are the code units, so the string is cut as is.
    const a: { readonly length: number; slice(from: number, end?: number): string | string[] } =
      SURROGATE.test(s) ? chars(s) : s;
    let from = num(start);
    if (a.length + from < 0) from = 0;
    if (length !== undefined) {
      const len = num(length);
      if (len <= 0) return '';
      const end = from >= 0 ? from + len : a.length + from + len;
      return joined(a.slice(from, end));
    }
    return joined(a.slice(from));
  },
  substringBefore: ([v, part]) => {
    if (v === undefined) return undefined;
    const s = str(v);
    const i = s.indexOf(str(part));
    return i > -1 ? s.substring(0, i) : s;
  },
  substringAfter: ([v, part]) => {
    if (v === undefined) return undefined;
    const s = str(v);
    const p = str(part);
    const i = s.indexOf(p);
    return i > -1 ? s.substring(i + p.length) : s;
  },
  contains: ([v, part]) => (v === undefined ? undefined : str(v).includes(str(part))),
  pad: ([v, width, char]) => {
    if (v === undefined) return undefined;
    const s = str(v);
    // JSONata pads with a space when the character is missing or empty, and counts code points.
    const fill = char === undefined || str(char) === '' ? ' ' : str(char);
    const w = num(width);
    if (!Number.isInteger(w) || SURROGATE.test(s) || SURROGATE.test(fill)) throw new NeedsInterpreter();
    const missing = Math.abs(w) - s.length;
    if (missing <= 0) return s;
    const padding = fill.repeat(Math.ceil(missing / fill.length)).slice(0, missing);
    return w > 0 ? s + padding : padding + s;
  },
  round: ([v, precision]) =>
    v === undefined ? undefined : roundHalfEven(num(v), precision === undefined ? 0 : num(precision)),
  floor: ([v]) => (v === undefined ? undefined : Math.floor(num(v))),
  ceil: ([v]) => (v === undefined ? undefined : Math.ceil(num(v))),
  abs: ([v]) => (v === undefined ? undefined : Math.abs(num(v))),
  exists: ([v]) => v !== undefined,
  boolean: ([v]) => (v === undefined ? undefined : toBoolean(v)),
  not: ([v]) => (v === undefined ? undefined : !toBoolean(v)),
};

function str(v: unknown): string {
  if (typeof v !== 'string') throw new NeedsInterpreter();
  return v;
}

function num(v: unknown): number {
  if (typeof v !== 'number') throw new NeedsInterpreter();
  return v;
}

/** JSONata's $round: half to even, shifting the exponent rather than multiplying (no 1.005 surprises). */
function roundHalfEven(arg: number, precision: number): number {
  let value = arg;
  if (precision) {
    const [m, e] = value.toString().split('e');
    value = +`${m}e${e ? +e + precision : precision}`;
  }
  let result = Math.round(value);
  if (Math.abs(result - value) === 0.5 && Math.abs(result % 2) === 1) result -= 1;
  if (precision) {
    const [m, e] = result.toString().split('e');
    result = +`${m}e${e ? +e - precision : -precision}`;
  }
  return Object.is(result, -0) ? 0 : result;
}

function compileFunction(node: AstNode): Fn {
  const proc = node.procedure;
  if (!proc || proc.type !== 'variable' || typeof proc.value !== 'string') throw new NotCompilable();
  const impl = functions[proc.value];
  if (!impl) throw new NotCompilable();
  const args = (node.arguments ?? []).map(compileNode);
  // Arity mistakes and optional-argument defaults are the interpreter's business.
  if (args.length === 0 || args.length > 3) throw new NotCompilable();
  const [a0, a1, a2] = args;
  if (args.length === 1) return (input) => impl([a0!(input)]);
  if (args.length === 2) return (input) => impl([a0!(input), a1!(input)]);
  return (input) => impl([a0!(input), a1!(input), a2!(input)]);
}
