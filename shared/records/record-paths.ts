/**
 * Dotted field paths over canonical data (`contact.id`, `lines.taxCode`): reading and copy-on-write updating.
 * A path crosses lists element by element, so `lines.taxCode` names every line's tax code. Records are immutable
 * between nodes: an update copies only the objects along the path and shares everything else.
 */

/** The value at a path; across a list, the list of values (holes left out). */
export function getPath(data: unknown, path: string): unknown {
  return get(data, path.split('.'));
}

function get(value: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return value;
  if (Array.isArray(value)) return value.map((v) => get(v, parts)).filter((v) => v !== undefined);
  if (value === null || typeof value !== 'object') return undefined;
  const [head, ...rest] = parts as [string, ...string[]];
  return get((value as Record<string, unknown>)[head], rest);
}

/**
 * Returns `data` with `fn` applied at the path (to each element's value when the path crosses a list). `fn`
 * returning `undefined` removes the field. Untouched branches are shared, not copied.
 */
export function updatePath(
  data: Readonly<Record<string, unknown>>,
  path: string,
  fn: (value: unknown) => unknown,
): Record<string, unknown> {
  return update(data, path.split('.'), fn) as Record<string, unknown>;
}

function update(value: unknown, parts: readonly string[], fn: (value: unknown) => unknown): unknown {
  if (parts.length === 0) return fn(value);
  if (Array.isArray(value)) {
    const out = value.map((v) => update(v, parts, fn));
    return out.every((v, i) => v === value[i]) ? value : out;
  }
  // Nothing to descend into: a missing branch stays missing.
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = parts as [string, ...string[]];
  const current = (value as Record<string, unknown>)[head];
  const next = update(current, rest, fn);
  if (next === current) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** Sets one value at a dotted path (no list crossing), creating objects on the way. */
export function setPath(
  data: Readonly<Record<string, unknown>>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  return setPathParts(data, path.split('.'), 0, value);
}

/** setPath over a path already split, from `parts[from]` on (mappers split their paths once). */
export function setPathParts(
  data: Readonly<Record<string, unknown>>,
  parts: readonly string[],
  from: number,
  value: unknown,
): Record<string, unknown> {
  const head = parts[from]!;
  const copy: Record<string, unknown> = { ...data };
  if (from === parts.length - 1) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = data[head];
  copy[head] = setPathParts(
    child !== null && typeof child === 'object' && !Array.isArray(child)
      ? (child as Record<string, unknown>)
      : {},
    parts,
    from + 1,
    value,
  );
  return copy;
}

/** Freezes a value and everything in it (tests use it to prove nodes never mutate their input). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
