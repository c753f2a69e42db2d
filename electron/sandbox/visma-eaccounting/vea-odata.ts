/**
 * A small OData v4 `$filter` / `$orderby` parser and evaluator for the eAccounting simulator.
 *
 * visma-notes.md §1.5: eAccounting's controllers use ASP.NET OData; the changelog's examples
 * (`HasAutoInvoiceError eq true`, `RemainingAmountInvoiceCurrency eq -TotalAmountInvoiceCurrency or …`,
 * `Rows/any(c: contains(c/Text,'anytext'))`) fix the syntax: comparison operators `eq ne gt ge lt le`, `and`,
 * `or`, `not`, parentheses, unary minus, string/number/bool/null/datetime/GUID literals, the `any`/`all` lambdas
 * and the string functions `contains`, `startswith`, `endswith`, `tolower`, `toupper`, `trim`, `length`.
 * An invalid filter is an error 6000 (QueryParameterError); a malformed date literal is 6001 (InvalidInput).
 */

/** Why a `$filter` or `$orderby` was refused, with eAccounting's error code. */
export class ODataError extends Error {
  constructor(
    message: string,
    /** 6000 QueryParameterError or 6001 InvalidInput (visma-notes.md §1.5). */
    readonly errorCode: 6000 | 6001 = 6000,
  ) {
    super(message);
  }
}

/** A date literal, kept apart from strings so comparisons know to compare instants. */
interface DateValue {
  readonly date: number;
}

type Value = string | number | boolean | null | DateValue | unknown[] | Record<string, unknown> | undefined;

/** Reads a property path of a record (top-level names are the API's field names). */
export type FieldReader<R> = (rec: R, name: string) => unknown;

/** What the compiler needs to know about the entity being filtered. */
export interface FilterSchema {
  /** Top-level property names of the entity (case-sensitive, as the API spells them). */
  fields: ReadonlySet<string>;
  /** Property names of nested collections usable in lambdas (e.g. `Rows` → the row fields). */
  collections?: Readonly<Record<string, ReadonlySet<string>>>;
}

type Token =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'date'; v: number }
  | { k: 'guid'; v: string }
  | { k: 'id'; v: string }
  | { k: 'sym'; v: '(' | ')' | ',' | '/' | ':' | '-' };

const DATE_RE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w-])/i;
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/i;
const NUM_RE = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?[mdfl]?(?![\w])/i;
const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses an ISO date or date-time; a value without an offset is taken as UTC (eAccounting's *Utc fields). */
export function parseIsoMs(s: string): number | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/i.exec(
      s.trim(),
    );
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.parse rolls 2026-02-30 over into March; a calendar date must exist.
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  const frac = (m[7] ?? '').slice(0, 4);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${frac}${(m[8] ?? 'Z').toUpperCase()}`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ODataError('Unterminated string literal in $filter.');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i];
        i++;
      }
      out.push({ k: 'str', v: s });
      continue;
    }
    if ('(),/:-'.includes(c)) {
      out.push({ k: 'sym', v: c as '(' | ')' | ',' | '/' | ':' | '-' });
      i++;
      continue;
    }
    const rest = src.slice(i);
    const guid = GUID_RE.exec(rest);
    if (guid) {
      out.push({ k: 'guid', v: guid[0].toLowerCase() });
      i += guid[0].length;
      continue;
    }
    const date = DATE_RE.exec(rest);
    if (date) {
      const ms = parseIsoMs(date[0]);
      if (ms === undefined) throw new ODataError(`'${date[0]}' is not a valid DateTime.`, 6001);
      out.push({ k: 'date', v: ms });
      i += date[0].length;
      continue;
    }
    const num = NUM_RE.exec(rest);
    if (num) {
      out.push({ k: 'num', v: Number(num[0].replace(/[mdfl]$/i, '')) });
      i += num[0].length;
      continue;
    }
    const id = ID_RE.exec(rest);
    if (id) {
      // OData v3 style typed literals: datetime'2026-01-01T00:00:00', guid'…'.
      const word = id[0];
      if (src[i + word.length] === "'" && /^(datetime|datetimeoffset|guid)$/i.test(word)) {
        const end = src.indexOf("'", i + word.length + 1);
        if (end < 0) throw new ODataError('Unterminated literal in $filter.');
        const raw = src.slice(i + word.length + 1, end);
        if (/^guid$/i.test(word)) out.push({ k: 'guid', v: raw.toLowerCase() });
        else {
          const ms = parseIsoMs(raw);
          if (ms === undefined) throw new ODataError(`'${raw}' is not a valid DateTime.`, 6001);
          out.push({ k: 'date', v: ms });
        }
        i = end + 1;
        continue;
      }
      out.push({ k: 'id', v: word });
      i += word.length;
      continue;
    }
    throw new ODataError(`Syntax error at position ${i} in $filter: unexpected '${c}'.`);
  }
  return out;
}

type Node =
  | { t: 'lit'; v: Value }
  | { t: 'path'; root: string; rest: string[] }
  | { t: 'neg'; e: Node }
  | { t: 'not'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'fn'; name: string; args: Node[] }
  | { t: 'lambda'; kind: 'any' | 'all'; coll: string; v: string; body: Node };

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCS: Record<string, number> = {
  contains: 2,
  startswith: 2,
  endswith: 2,
  tolower: 1,
  toupper: 1,
  trim: 1,
  length: 1,
  indexof: 2,
};

class Parser {
  private i = 0;
  private readonly vars = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly toks: Token[],
    private readonly schema: FilterSchema,
  ) {}

  parseAll(): Node {
    if (this.toks.length === 0) throw new ODataError('The $filter expression is empty.');
    const e = this.or();
    if (this.i < this.toks.length) throw new ODataError(`Syntax error in $filter near '${this.show()}'.`);
    return e;
  }

  private show(): string {
    const t = this.toks[this.i];
    return t ? String(t.v) : 'end of input';
  }

  private peekWord(w: string): boolean {
    const t = this.toks[this.i];
    return t?.k === 'id' && t.v.toLowerCase() === w;
  }

  private sym(s: string): boolean {
    const t = this.toks[this.i];
    if (t?.k === 'sym' && t.v === s) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(s: string): void {
    if (!this.sym(s)) throw new ODataError(`Syntax error in $filter: expected '${s}' near '${this.show()}'.`);
  }

  private or(): Node {
    let l = this.and();
    while (this.peekWord('or')) {
      this.i++;
      l = { t: 'bin', op: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Node {
    let l = this.not();
    while (this.peekWord('and')) {
      this.i++;
      l = { t: 'bin', op: 'and', l, r: this.not() };
    }
    return l;
  }

  private not(): Node {
    if (this.peekWord('not')) {
      this.i++;
      return { t: 'not', e: this.not() };
    }
    return this.cmp();
  }

  private cmp(): Node {
    const l = this.unary();
    const t = this.toks[this.i];
    if (t?.k === 'id' && CMP.has(t.v.toLowerCase())) {
      this.i++;
      return { t: 'bin', op: t.v.toLowerCase(), l, r: this.unary() };
    }
    return l;
  }

  private unary(): Node {
    if (this.sym('-')) {
      const e = this.unary();
      if (e.t === 'lit' && typeof e.v === 'number') return { t: 'lit', v: -e.v };
      return { t: 'neg', e };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.toks[this.i];
    if (!t) throw new ODataError('Syntax error in $filter: unexpected end of expression.');
    if (t.k === 'sym' && t.v === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    this.i++;
    if (t.k === 'str' || t.k === 'num' || t.k === 'guid') return { t: 'lit', v: t.v };
    if (t.k === 'date') return { t: 'lit', v: { date: t.v } };
    if (t.k !== 'id') throw new ODataError(`Syntax error in $filter near '${String(t.v)}'.`);
    const word = t.v;
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false') return { t: 'lit', v: lower === 'true' };
    if (lower === 'null') return { t: 'lit', v: null };
    if (this.sym('(')) {
      const arity = FUNCS[lower];
      if (arity === undefined) throw new ODataError(`Unknown function '${word}' in $filter.`);
      const args: Node[] = [];
      if (!this.sym(')')) {
        do args.push(this.or());
        while (this.sym(','));
        this.expect(')');
      }
      if (args.length !== arity)
        throw new ODataError(`Function '${word}' takes ${arity} argument(s), got ${args.length}.`);
      return { t: 'fn', name: lower, args };
    }
    return this.path(word);
  }

  private path(root: string): Node {
    const varFields = this.vars.get(root);
    if (!varFields && !this.schema.fields.has(root)) {
      throw new ODataError(`Could not find a property named '${root}' on the type in $filter.`);
    }
    const rest: string[] = [];
    while (this.sym('/')) {
      const t = this.toks[this.i];
      if (t?.k !== 'id') throw new ODataError(`Syntax error in $filter after '${root}/'.`);
      this.i++;
      const lower = t.v.toLowerCase();
      if ((lower === 'any' || lower === 'all') && this.sym('(')) {
        if (rest.length > 0 || varFields)
          throw new ODataError('Nested lambdas are not supported in $filter.');
        const rowFields = this.schema.collections?.[root];
        if (!rowFields) throw new ODataError(`'${root}' is not a collection in $filter.`);
        const v = this.toks[this.i];
        if (v?.k !== 'id') throw new ODataError('Syntax error in $filter: expected a lambda variable.');
        this.i++;
        this.expect(':');
        this.vars.set(v.v, rowFields);
        const body = this.or();
        this.vars.delete(v.v);
        this.expect(')');
        return { t: 'lambda', kind: lower, coll: root, v: v.v, body };
      }
      if (varFields && rest.length === 0 && !varFields.has(t.v)) {
        throw new ODataError(`Could not find a property named '${t.v}' in $filter.`);
      }
      rest.push(t.v);
    }
    return { t: 'path', root, rest };
  }
}

const isDate = (v: Value): v is DateValue =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'date' in v;

function asComparable(v: Value, other: Value): unknown {
  if (isDate(v)) return v.date;
  if (isDate(other) && typeof v === 'string') return parseIsoMs(v) ?? Number.NaN;
  return v;
}

function compare(op: string, a: Value, b: Value): boolean {
  const av = a === undefined ? null : a;
  const bv = b === undefined ? null : b;
  if (av === null || bv === null) {
    if (op === 'eq') return av === bv;
    if (op === 'ne') return av !== bv;
    return false;
  }
  let x = asComparable(av, bv);
  let y = asComparable(bv, av);
  // GUIDs compare case-insensitively; the store keeps them lower case.
  if (typeof x === 'string' && typeof y === 'string' && GUID_RE.test(x) && GUID_RE.test(y)) {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'gt':
      return (x as number) > (y as number);
    case 'ge':
      return (x as number) >= (y as number);
    case 'lt':
      return (x as number) < (y as number);
    default:
      return (x as number) <= (y as number);
  }
}

type Compiled<R> = (rec: R, scope: Map<string, unknown>) => Value;

function compileNode<R>(n: Node, read: FieldReader<R>): Compiled<R> {
  switch (n.t) {
    case 'lit':
      return () => n.v;
    case 'path':
      return (rec, scope) => {
        let v: unknown = scope.has(n.root) ? scope.get(n.root) : read(rec, n.root);
        for (const seg of n.rest)
          v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
        return v as Value;
      };
    case 'neg': {
      const e = compileNode(n.e, read);
      return (rec, s) => {
        const v = e(rec, s);
        return typeof v === 'number' ? (v === 0 ? 0 : -v) : null;
      };
    }
    case 'not': {
      const e = compileNode(n.e, read);
      return (rec, s) => !e(rec, s);
    }
    case 'bin': {
      const l = compileNode(n.l, read);
      const r = compileNode(n.r, read);
      if (n.op === 'and') return (rec, s) => Boolean(l(rec, s)) && Boolean(r(rec, s));
      if (n.op === 'or') return (rec, s) => Boolean(l(rec, s)) || Boolean(r(rec, s));
      return (rec, s) => compare(n.op, l(rec, s), r(rec, s));
    }
    case 'fn': {
      const args = n.args.map((a) => compileNode(a, read));
      const str = (v: Value): string | null => (typeof v === 'string' ? v : null);
      return (rec, s) => {
        const vals = args.map((a) => a(rec, s));
        const a = str(vals[0]);
        const b = str(vals[1]);
        switch (n.name) {
          case 'contains':
            return a !== null && b !== null && a.includes(b);
          case 'startswith':
            return a !== null && b !== null && a.startsWith(b);
          case 'endswith':
            return a !== null && b !== null && a.endsWith(b);
          case 'indexof':
            return a !== null && b !== null ? a.indexOf(b) : null;
          case 'tolower':
            return a?.toLowerCase() ?? null;
          case 'toupper':
            return a?.toUpperCase() ?? null;
          case 'trim':
            return a?.trim() ?? null;
          default:
            return a?.length ?? null;
        }
      };
    }
    case 'lambda': {
      const body = compileNode(n.body, read);
      return (rec, s) => {
        const coll = read(rec, n.coll);
        const list = Array.isArray(coll) ? coll : [];
        const test = (item: unknown): boolean => {
          const inner = new Map(s);
          inner.set(n.v, item);
          return Boolean(body(rec, inner));
        };
        return n.kind === 'any' ? list.some(test) : list.every(test);
      };
    }
  }
}

/** Compiles a `$filter` expression into a predicate; throws ODataError for syntax errors and unknown fields. */
export function compileFilter<R>(
  src: string,
  schema: FilterSchema,
  read: FieldReader<R>,
): (rec: R) => boolean {
  const ast = new Parser(tokenize(src), schema).parseAll();
  const fn = compileNode(ast, read);
  const empty = new Map<string, unknown>();
  return (rec) => fn(rec, empty) === true;
}

/** One `$orderby` key. */
export interface OrderKey {
  field: string;
  desc: boolean;
}

/** Parses `$orderby` (`Name`, `ChangedUtc desc, Name asc`); unknown fields are an error 6000. */
export function parseOrderBy(src: string, schema: FilterSchema): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const part of src.split(',')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw new ODataError(`Syntax error in $orderby near '${part.trim()}'.`);
    const field = m[1] as string;
    if (!schema.fields.has(field))
      throw new ODataError(`Could not find a property named '${field}' on the type in $orderby.`);
    keys.push({ field, desc: (m[2] ?? '').toLowerCase() === 'desc' });
  }
  return keys;
}

/** A comparator for order keys (nulls first ascending, as SQL Server sorts them). */
export function orderComparator<R>(keys: OrderKey[], read: FieldReader<R>): (a: R, b: R) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = read(a, k.field);
      const y = read(b, k.field);
      let c = 0;
      if (x === y) c = 0;
      else if (x === null || x === undefined) c = -1;
      else if (y === null || y === undefined) c = 1;
      else if (typeof x === 'number' && typeof y === 'number') c = x - y;
      else c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}
