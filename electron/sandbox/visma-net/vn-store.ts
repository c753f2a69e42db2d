import { createHash } from 'node:crypto';

/** A DTO as the API returns it (camelCase). */
export type Obj = Record<string, unknown>;

/** A VAT category of the demo company, with the Xero tax type it corresponds to (null: none in Xero). */
export interface VnVatCode {
  id: string;
  description: string;
  rate: number;
  xeroTaxType: string | null;
}

/** A credit term (`creditTermsId`). */
export interface VnCreditTerm {
  id: string;
  description: string;
  days: number;
}

/** The serializable state of one Visma.net company. */
export interface VnCompanyState {
  tenantId: string;
  name: string;
  baseCurrency: string;
  customers: Obj[];
  inventory: Obj[];
  warehouses: Obj[];
  creditTerms: VnCreditTerm[];
  vatCodes: VnVatCode[];
  /**
   * VAT ids (`GET /v1/vat`, VatInformationDto) the VAT categories are made of. This and the next three are absent
   * in snapshots taken before the simulator served them.
   */
  vats?: Obj[];
  /** VAT categories as the API shows them (`GET /v1/vatCategory`, VatCategoryDto); `vatCodes` computes with them. */
  vatCategories?: Obj[];
  /** The chart of accounts (`GET /v1/account`, AccountDto without metadata). */
  accounts?: Obj[];
  /** Customer payments (`GET /v1/customerPayment`, PaymentDto without metadata). */
  payments?: Obj[];
  /** Customer invoices and credit notes; seeded ones may lack `invoiceLines` (see `seedLines`). */
  invoices: Obj[];
  salesOrders: Obj[];
  /** Invoice reference number → [document index, is the credit note] for lines regenerated on read. */
  seedLines: [string, number, boolean][];
  counters: {
    customerInternalId: number;
    customerNumber: number;
    inventoryId: number;
    invoiceNumber: number;
    creditNoteNumber: number;
    orderNumber: number;
    addressId: number;
    /** Absent in older snapshots (payments then start at 500001). */
    paymentNumber?: number;
    accountId?: number;
  };
  lastStamp: number;
}

/** Regenerates the lines of a seeded invoice. */
export type VnLineSource = (index: number, credit: boolean) => Obj[];

/**
 * One Visma.net company (a tenant): DTOs by business key in Maps whose insertion order is creation order.
 * Seeded invoices keep no lines; `linesOf` regenerates them from the seed until they change.
 */
export class VnCompany {
  readonly tenantId: string;
  readonly name: string;
  readonly baseCurrency: string;
  readonly customers = new Map<string, Obj>();
  readonly inventory = new Map<string, Obj>();
  readonly warehouses = new Map<string, Obj>();
  readonly creditTerms = new Map<string, VnCreditTerm>();
  readonly vatCodes = new Map<string, VnVatCode>();
  readonly vats = new Map<string, Obj>();
  readonly vatCategories = new Map<string, Obj>();
  /** By `accountCD`. */
  readonly accounts = new Map<string, Obj>();
  /** By `refNbr`. */
  readonly payments = new Map<string, Obj>();
  readonly invoices = new Map<string, Obj>();
  /** Key `${orderType} ${orderNo}`. */
  readonly salesOrders = new Map<string, Obj>();
  private readonly seedLines = new Map<string, [number, boolean]>();
  counters: Required<VnCompanyState['counters']>;
  private lastStamp: number;

  constructor(
    state: VnCompanyState,
    private readonly lineSource?: VnLineSource,
  ) {
    this.tenantId = state.tenantId;
    this.name = state.name;
    this.baseCurrency = state.baseCurrency;
    for (const c of state.customers) this.customers.set(String(c.number), c);
    for (const i of state.inventory) this.inventory.set(String(i.inventoryNumber), i);
    for (const w of state.warehouses) this.warehouses.set(String(w.warehouseID), w);
    for (const t of state.creditTerms) this.creditTerms.set(t.id, t);
    for (const v of state.vatCodes) this.vatCodes.set(v.id, v);
    for (const v of state.vats ?? []) this.vats.set(String(v.vatId), v);
    for (const v of state.vatCategories ?? []) this.vatCategories.set(String(v.vatCategoryId), v);
    for (const a of state.accounts ?? []) this.accounts.set(String(a.accountCD), a);
    for (const p of state.payments ?? []) this.payments.set(String(p.refNbr), p);
    for (const i of state.invoices) this.invoices.set(String(i.referenceNumber), i);
    for (const o of state.salesOrders) this.salesOrders.set(`${String(o.orderType)} ${String(o.orderNo)}`, o);
    if (lineSource)
      for (const [ref, index, credit] of state.seedLines) this.seedLines.set(ref, [index, credit]);
    this.counters = { paymentNumber: 500000, accountId: 100, ...state.counters };
    this.lastStamp = state.lastStamp;
  }

  /** A change timestamp: simulated now, strictly after every earlier stamp (so ETags always change). */
  stamp(now: number): number {
    this.lastStamp = Math.max(this.lastStamp + 1, now);
    return this.lastStamp;
  }

  /** The lines of an invoice (stored, or regenerated from the seed). */
  linesOf(inv: Obj): Obj[] {
    const seed = this.seedLines.get(String(inv.referenceNumber));
    if (seed && this.lineSource) return this.lineSource(seed[0], seed[1]);
    return Array.isArray(inv.invoiceLines) ? (inv.invoiceLines as Obj[]) : [];
  }

  /** Stores an invoice's lines (before they change). */
  materialize(inv: Obj): void {
    inv.invoiceLines = this.linesOf(inv);
    this.seedLines.delete(String(inv.referenceNumber));
  }

  /** A customer by internal id. */
  customerByInternalId(id: number): Obj | undefined {
    for (const c of this.customers.values()) if (c.internalId === id) return c;
    return undefined;
  }

  /** Serializable state (every invoice line written out). */
  snapshot(): VnCompanyState {
    return structuredClone({
      tenantId: this.tenantId,
      name: this.name,
      baseCurrency: this.baseCurrency,
      customers: [...this.customers.values()],
      inventory: [...this.inventory.values()],
      warehouses: [...this.warehouses.values()],
      creditTerms: [...this.creditTerms.values()],
      vatCodes: [...this.vatCodes.values()],
      vats: [...this.vats.values()],
      vatCategories: [...this.vatCategories.values()],
      accounts: [...this.accounts.values()],
      payments: [...this.payments.values()],
      invoices: [...this.invoices.values()].map((i) => ({ ...i, invoiceLines: this.linesOf(i) })),
      salesOrders: [...this.salesOrders.values()],
      seedLines: [],
      counters: { ...this.counters },
      lastStamp: this.lastStamp,
    });
  }
}

/**
 * The ETag of a record (visma-notes.md §2.8): derived from its key and `lastModifiedDateTime`, so every change
 * gives a new one. The same value is InventoryDto's `timestamp`.
 */
export function etagOf(key: string, lastModified: unknown): string {
  return createHash('sha1')
    .update(`${key}|${String(lastModified)}`)
    .digest('base64')
    .slice(0, 12);
}
