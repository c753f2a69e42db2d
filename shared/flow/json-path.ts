/** A path into a JSON document, as zod reports it. */
export type JsonPath = ReadonlyArray<PropertyKey>;

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way a person reads it: `nodes[3].config.entity`, `connections["my src"]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += identifier.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out || '(file)';
}

/** Reads the value at a path, or `undefined` where the path does not exist. */
export function valueAt(doc: unknown, path: JsonPath): unknown {
  let current = doc;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key as string];
  }
  return current;
}

/** Describes a value's JSON type in words: "a number", "text", "a list". */
export function describeJsonType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * The nesting depth of a JSON value, computed without recursion so a hostile file cannot overflow the stack.
 * Stops counting once `limit` is passed.
 */
export function jsonDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}
