import type { CanonicalRecord } from '../../../shared/records/canonical-record';
import type { EntityName } from '../../../shared/records/entities';
import type { FetchRefs, RecordPage } from '../../connectors/kit/connector';
import type { ConnectionGateway } from '../connection-gateway';

/** Values per fetch request (the connectors fetch 25 at a time; the gateway counts calls the same way). */
const VALUES_PER_REQUEST = 25;
/** Per-value requests a run may spend on an entity before it looks at the size of the whole list. */
const PROBE_AFTER_REQUESTS = 2;
/** Lists up to this many records are kept whole: matched records then need no fetch for their diff. */
const KEEP_WHOLE_RECORDS = 5_000;

/**
 * What one run knows of one destination entity (a connection's contacts, its invoices…), shared by the run's
 * planners, lookups and checks. `fetch` answers as `gateway.fetch` does (the records with these ids, or whose
 * match key has one of these values, case-insensitively), either value by value (one request per 25 values) or
 * from the whole list read once in the largest pages, whichever costs fewer requests (ARCHITECTURE §5.3: calls
 * are the scarce resource; Xero allows 60 a minute and 5,000 a day).
 *
 * The choice is made as the run goes, without knowing how many records it will plan: value-by-value requests are
 * spent until they, with twice what the current question needs (a page of questions rarely comes alone), add up
 * to what the rest of the list would cost (its first page, read once two requests have been spent, tells how many
 * pages it has); then the list is read whole. So a run spends at most about twice what the cheaper way would
 * have: a small delta sync still costs a request or two, and a first sync of thousands of records costs the
 * list's pages. A list that is read is answered from completely: a value it lacks is absent
 * (the connector says its list holds every record a fetch finds: `listHoldsAll`); an id it lacks is still
 * fetched (a draft, say).
 *
 * Memory stays bounded: a small list is kept whole; a large one, or one read in summary form (`summaryRead`:
 * Xero's invoices without their lines), keeps only ids, lower-cased match-key values and isActive (about 200
 * bytes a record), and the whole records asked for are fetched by id.
 */
export class DestinationIndex {
  private static readonly indexes = new WeakMap<ConnectionGateway, Map<EntityName, DestinationIndex>>();

  /** The run's index of one entity behind a gateway (a gateway lives for one run). */
  static for(gateway: ConnectionGateway, entity: EntityName): DestinationIndex {
    let byEntity = DestinationIndex.indexes.get(gateway);
    if (!byEntity) DestinationIndex.indexes.set(gateway, (byEntity = new Map()));
    let index = byEntity.get(entity);
    if (!index) byEntity.set(entity, (index = new DestinationIndex(gateway, entity)));
    return index;
  }

  private readonly canList: boolean;
  private readonly summary: boolean;
  private readonly wanted = new Set<string>();
  /** Keys the list is indexed by (fixed when reading starts; other keys are always fetched by value). */
  private keys: readonly string[] = [];
  /** Id → isActive of every record read. */
  private readonly active = new Map<string, boolean>();
  /** Match key → lower-cased value → id(s). */
  private readonly byKey = new Map<string, Map<string, string | string[]>>();
  /** The records themselves, while the list is small and read whole. */
  private whole: Map<string, CanonicalRecord> | undefined;
  private pages: AsyncIterator<RecordPage> | undefined;
  private pagesRead = 0;
  private pageCount: number | undefined;
  private complete = false;
  /** Set when reading the list failed: from then on everything is fetched by value. */
  private broken = false;
  private requestsByValue = 0;
  private reading: Promise<void> = Promise.resolve();
  private readonly observers: Array<(record: CanonicalRecord) => void> = [];

  private constructor(
    private readonly gateway: ConnectionGateway,
    private readonly entity: EntityName,
  ) {
    const d = gateway.describe().entities.find((e) => e.entity === entity);
    this.canList = !!d?.capabilities.read && d.capabilities.listHoldsAll === true;
    this.summary = d?.capabilities.summaryRead === true;
  }

  /** Match keys someone will ask for: indexed if the list is read (planners and lookups say so up front). */
  want(keys: Iterable<string>): void {
    for (const k of keys) if (k !== 'id' && k !== 'externalId') this.wanted.add(k);
  }

  /**
   * Calls `visit` with every record of the list as it is read (in summary form where the entity has one), for a
   * reader that needs the whole list anyway (the plan review's duplicate check), so that a run reads it once.
   * Only before reading has started (planners and reviewers are built before a run reads anything); false when
   * it is too late or the list cannot serve, and the caller then reads for itself.
   */
  observe(visit: (record: CanonicalRecord) => void): boolean {
    if (!this.canList || this.pages || this.complete || this.broken) return false;
    this.observers.push(visit);
    return true;
  }

  /** Reads the whole list now, if this run has not yet (observers see every record). */
  readAll(signal?: AbortSignal): Promise<void> {
    if (!this.canList) return Promise.reject(new Error(`the ${this.entity} list cannot be indexed`));
    return this.readIfCheaper(Infinity, signal);
  }

  /**
   * The records with these ids or match-key values, as `gateway.fetch`. With `partial`, a record may come with
   * only its match-key values (lower-cased) and isActive in `data`: enough for a lookup or an existence check.
   */
  async fetch(refs: FetchRefs, signal?: AbortSignal, partial = false): Promise<CanonicalRecord[]> {
    const values = [...new Set('ids' in refs ? refs.ids : refs.values)];
    if (values.length === 0) return [];
    if ('ids' in refs && !partial) {
      // Whole records by id: the list helps only once it is read and kept whole.
      if (!this.complete || !this.whole) return this.request(refs, signal);
    } else {
      const indexed = 'ids' in refs || this.wanted.has(refs.key) || this.keys.includes(refs.key);
      if (!this.canList || !indexed || this.broken) return this.byValue(refs, values, signal);
      await this.readIfCheaper(Math.ceil(values.length / VALUES_PER_REQUEST), signal);
      if (!this.complete || (!('ids' in refs) && !this.keys.includes(refs.key)))
        return this.byValue(refs, values, signal);
    }
    // Each id found, with what the index knows of it: the key value it was found by.
    const hits: Array<readonly [string, Record<string, unknown>]> = [];
    let missing: string[] = [];
    if ('ids' in refs) {
      for (const id of values) if (this.active.has(id)) hits.push([id, {}]);
      missing = values.filter((id) => !this.active.has(id));
    } else {
      const slots = this.byKey.get(refs.key)!;
      const asked = new Set<string>();
      for (const v of values) {
        const slot = v.toLowerCase();
        const owners = slots.get(slot);
        // Values that differ only in case find the same records once.
        if (owners === undefined || asked.has(slot)) continue;
        asked.add(slot);
        for (const id of Array.isArray(owners) ? owners : [owners]) hits.push([id, { [refs.key]: slot }]);
      }
    }
    // Ids the list does not hold may still exist (a draft, a record written since it was read): ask.
    const extra = missing.length ? await this.request({ ids: missing }, signal) : [];
    if (this.whole) return [...hits.map(([id]) => this.whole!.get(id)!), ...extra];
    if (partial) return [...hits.map(([id, data]) => this.stub(id, data)), ...extra];
    const found = hits.length ? await this.request({ ids: hits.map(([id]) => id) }, signal) : [];
    return [...found, ...extra];
  }

  private byValue(refs: FetchRefs, values: readonly string[], signal?: AbortSignal) {
    this.requestsByValue += Math.ceil(values.length / VALUES_PER_REQUEST);
    return this.request(refs, signal);
  }

  private request(refs: FetchRefs, signal?: AbortSignal): Promise<CanonicalRecord[]> {
    return this.gateway.fetch(this.entity, refs, signal);
  }

  /** A record as far as the index knows it: its id, the key value it was found by, and isActive. */
  private stub(id: string, data: Record<string, unknown>): CanonicalRecord {
    if (this.active.get(id) === false) data.isActive = false;
    return { entity: this.entity, sourceId: id, updatedAt: undefined, data, raw: {} };
  }

  /**
   * Reads the rest of the list when that costs no more than the value-by-value requests already spent plus twice
   * the ones this question needs. Reads are serialised: several nodes of a page may ask at once.
   */
  private readIfCheaper(requests: number, signal?: AbortSignal): Promise<void> {
    const read = this.reading.then(() => this.readOrGiveUp(requests, signal));
    // A failed read fails the question that caused it; later questions are answered value by value.
    this.reading = read.catch(() => undefined);
    return read;
  }

  private async readOrGiveUp(requests: number, signal?: AbortSignal): Promise<void> {
    if (this.broken) throw new Error(`reading the ${this.entity} list failed earlier in this run`);
    try {
      await this.readWhenCheaper(requests, signal);
    } catch (error) {
      // Retries ran out (or the run was cancelled): no half-read list is ever taken for the whole one.
      this.broken = true;
      this.pages = undefined;
      this.active.clear();
      this.byKey.clear();
      this.whole = undefined;
      throw error;
    }
  }

  private async readWhenCheaper(requests: number, signal?: AbortSignal): Promise<void> {
    if (this.complete) return;
    const spent = this.requestsByValue + requests;
    if (!this.pages) {
      if (spent < PROBE_AFTER_REQUESTS) return;
      // The first page tells how long the list is; it is kept either way.
      this.keys = [...this.wanted];
      for (const k of this.keys) this.byKey.set(k, new Map());
      this.pages = this.gateway
        .read(this.entity, this.summary ? { summary: true } : {}, signal)
        [Symbol.asyncIterator]();
      await this.readPage();
    }
    const left = this.pageCount === undefined ? Infinity : this.pageCount - this.pagesRead;
    // A page of questions rarely comes alone: count this one's requests twice (at worst twice the cheaper way).
    if (left <= spent + requests) while (!this.complete) await this.readPage();
  }

  private async readPage(): Promise<void> {
    const next = await this.pages!.next();
    if (next.done) {
      this.complete = true;
      this.pages = undefined;
      return;
    }
    const page = next.value;
    this.pagesRead++;
    if (this.pagesRead === 1) {
      this.pageCount = page.pageCount;
      const size = (page.pageCount ?? Infinity) * Math.max(1, page.records.length);
      if (!this.summary && size <= KEEP_WHOLE_RECORDS) this.whole = new Map();
    }
    for (const record of page.records) {
      for (const visit of this.observers) visit(record);
      this.add(record);
    }
    if (page.pageCount !== undefined && this.pagesRead >= page.pageCount) {
      // The generator would only find out that it is finished; nothing more will come.
      await this.pages!.return?.(undefined);
      this.complete = true;
      this.pages = undefined;
    }
  }

  private add(record: CanonicalRecord): void {
    const id = record.sourceId;
    this.active.set(id, record.data.isActive !== false);
    this.whole?.set(id, record);
    for (const [key, slots] of this.byKey) {
      const v = record.data[key];
      if ((typeof v !== 'string' || v === '') && typeof v !== 'number') continue;
      const slot = String(v).toLowerCase();
      const owners = slots.get(slot);
      if (owners === undefined) slots.set(slot, id);
      else if (Array.isArray(owners)) owners.push(id);
      else slots.set(slot, [owners, id]);
    }
  }
}
