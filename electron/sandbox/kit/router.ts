/** Route parameters captured from `:name` segments. */
export type RouteParams = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
  operation: string;
}

/** Result of a route lookup. */
export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: RouteParams; operation: string }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/**
 * A tiny method + path router. Patterns are `/Invoices/:InvoiceID/Allocations`; literal segments can be matched
 * case-insensitively (Xero's paths are, and clients spell them both ways). `operation` is the name counters use.
 */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  constructor(private readonly caseInsensitive = false) {}

  /** Registers a handler; `operation` defaults to `METHOD pattern`. */
  add(method: string, pattern: string, handler: H, operation?: string): this {
    this.routes.push({
      method: method.toUpperCase(),
      segments: pattern.split('/').filter((s) => s !== ''),
      handler,
      operation: operation ?? `${method.toUpperCase()} ${pattern}`,
    });
    return this;
  }

  /** Finds the first matching route; literal routes win over parameter routes because of registration order. */
  match(method: string, path: string): RouteMatch<H> {
    const parts = path.split('/').filter((s) => s !== '');
    let pathMatched = false;
    for (const route of this.routes) {
      const params = this.matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method !== method.toUpperCase()) {
        pathMatched = true;
        continue;
      }
      return { kind: 'found', handler: route.handler, params, operation: route.operation };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }

  private matchSegments(pattern: string[], parts: string[]): RouteParams | undefined {
    if (pattern.length !== parts.length) return undefined;
    const params: RouteParams = {};
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i] as string;
      const v = parts[i] as string;
      if (p.startsWith(':')) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(v);
        } catch {
          return undefined;
        }
        params[p.slice(1)] = decoded;
      } else if (this.caseInsensitive ? p.toLowerCase() !== v.toLowerCase() : p !== v) {
        return undefined;
      }
    }
    return params;
  }
}
