/** Calls seen by one operation of one API. */
export interface OperationCount {
  calls: number;
  /** Calls by response status ("200", "429", "dropped"…). */
  byStatus: Record<string, number>;
}

/** Snapshot of the counters of one API. */
export interface ApiCounters {
  total: number;
  operations: Record<string, OperationCount>;
}

/**
 * Counts calls per API and per operation (e.g. `GET /Invoices`). Benchmarks read these to count the API calls a
 * sync needed, so every call that reaches an API is counted, including faulted and rate-limited ones.
 */
export class CallCounters {
  private readonly apis = new Map<string, Map<string, OperationCount>>();

  /** Records one call. */
  record(api: string, operation: string, status: number | 'dropped'): void {
    let ops = this.apis.get(api);
    if (!ops) this.apis.set(api, (ops = new Map()));
    let op = ops.get(operation);
    if (!op) ops.set(operation, (op = { calls: 0, byStatus: {} }));
    op.calls++;
    const k = String(status);
    op.byStatus[k] = (op.byStatus[k] ?? 0) + 1;
  }

  /** Counters of one API, or of all APIs keyed by name. */
  get(api: string): ApiCounters {
    const ops = this.apis.get(api);
    const operations: Record<string, OperationCount> = {};
    let total = 0;
    for (const [name, op] of ops ?? []) {
      operations[name] = { calls: op.calls, byStatus: { ...op.byStatus } };
      total += op.calls;
    }
    return { total, operations };
  }

  /** Clears one API's counters, or all of them. */
  reset(api?: string): void {
    if (api) this.apis.delete(api);
    else this.apis.clear();
  }
}
