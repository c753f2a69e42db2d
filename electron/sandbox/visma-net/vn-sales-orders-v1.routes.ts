import { randomUUID } from 'node:crypto';
import { empty, json } from '../kit/http-kit';
import type { Router } from '../kit/router';
import {
  badRequest,
  bodyOf,
  checkIfMatch,
  created,
  dateCondition,
  decodeKey,
  enumFilter,
  notFound,
  pagedArray,
  vnDate,
  vnDateTime,
  withEtag,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import type { SalesOrderBook } from './vn-inventory.routes';
import { soLine, soTotals } from './vn-seed';
import { etagOf, type Obj, type VnCompany } from './vn-store';
import { unwrap, unwrapLines, type LineOp, type WrappedSpec } from './vn-values';

/**
 * The Visma.net **v1** sales-order endpoints of spec D. visma-notes.md §2.1: v1/v2 sales orders reach end of
 * life on 31.03.2026 and move to the separate SalesOrders V3 service, whose schema is not public. Everything
 * about sales orders lives in this module, and the rest of the simulator sees them only through
 * `SalesOrderBook` (open quantities per item), so a v3 module can replace this one without touching the others.
 */

const STATUSES = [
  'Open',
  'Hold',
  'CreditHold',
  'Completed',
  'Cancelled',
  'BackOrder',
  'Shipping',
  'Invoiced',
  'PendingApproval',
  'Voided',
] as const;

/** SalesOrderUpdateDto: the wrapped header properties the simulator applies. */
const ORDER_SPEC: WrappedSpec = {
  orderType: 'string',
  orderNumber: 'string',
  hold: 'bool',
  date: 'date',
  requestOn: 'date',
  customerOrder: 'string',
  customerRefNo: 'string',
  customer: 'string',
  currency: 'string',
  description: 'string',
  terms: 'string',
  preferredWarehouse: 'string',
  note: 'string',
};

/** SalesOrderLineUpdateDto: the wrapped line properties the simulator applies. */
const LINE_SPEC: WrappedSpec = {
  lineNbr: 'int',
  inventoryNumber: 'string',
  warehouse: 'string',
  uom: 'string',
  quantity: 'decimal',
  unitPrice: 'decimal',
  unitCost: 'decimal',
  discountPercent: 'decimal',
  lineDescription: 'string',
  taxCategory: 'string',
  requestedOn: 'date',
  note: 'string',
};

const ORDER_TYPES = new Set(['SO', 'SI', 'CS', 'RO']);

/** Open (unshipped) quantities of open orders. */
export const salesOrderBookV1: SalesOrderBook = {
  bookedQuantity(company: VnCompany, inventoryNumber: string, warehouse: string): number {
    let q = 0;
    for (const o of company.salesOrders.values()) {
      if (o.status !== 'Open' && o.status !== 'Hold' && o.status !== 'BackOrder') continue;
      for (const l of o.lines as Obj[]) {
        const inv = l.inventory as Obj;
        if (inv.number === inventoryNumber && (l.warehouse as Obj).id === warehouse) q += l.openQty as number;
      }
    }
    return q;
  },
};

const keyOf = (o: Obj): string => `${String(o.orderType)} ${String(o.orderNo)}`;

function orderByNumber(ctx: VnCtx, nbr: string | undefined, type?: string): Obj {
  const no = decodeKey(nbr);
  for (const o of ctx.company.salesOrders.values()) {
    if (o.orderNo === no && (type === undefined || o.orderType === type)) return o;
  }
  throw notFound(`Sales order '${type ? `${type} ` : ''}${no}' not found.`);
}

/** Applies line operations (Insert / Update by lineNbr / Delete by lineNbr) to a copy of the lines. */
function applyLines(ctx: VnCtx, lines: Obj[], ops: LineOp[]): Obj[] {
  const out = lines.map((l) => ({ ...l }));
  // Line numbers are never reused within a request: a line inserted after a delete gets a new number.
  let counter = out.reduce((m, l) => Math.max(m, l.lineNbr as number), 0);
  for (const [i, op] of ops.entries()) {
    const f = op.fields;
    if (op.operation === 'Delete' || op.operation === 'Update') {
      const at = out.findIndex((l) => l.lineNbr === f.lineNbr);
      if (at < 0) throw badRequest(`lines[${i}]: no line with lineNbr ${String(f.lineNbr)}.`);
      if (op.operation === 'Delete') {
        out.splice(at, 1);
        continue;
      }
      const old = out[at] as Obj;
      out[at] = buildLine(
        ctx,
        i,
        {
          inventoryNumber: f.inventoryNumber ?? (old.inventory as Obj).number,
          warehouse: f.warehouse ?? (old.warehouse as Obj).id,
          quantity: f.quantity ?? old.quantity,
          unitPrice: f.unitPrice ?? old.unitPrice,
          discountPercent: f.discountPercent ?? old.discountPercent,
          lineDescription: f.lineDescription ?? old.lineDescription,
          taxCategory: f.taxCategory ?? old.taxCategory,
        },
        old.lineNbr as number,
      );
      continue;
    }
    // SalesOrderLineUpdateDto requires inventoryNumber (spec D).
    if (typeof f.inventoryNumber !== 'string') throw badRequest(`lines[${i}].inventoryNumber is required.`);
    out.push(buildLine(ctx, i, f, ++counter));
  }
  return out;
}

function buildLine(ctx: VnCtx, i: number, f: Record<string, unknown>, lineNbr: number): Obj {
  const item = ctx.company.inventory.get(String(f.inventoryNumber));
  if (!item) throw badRequest(`lines[${i}]: inventory item '${String(f.inventoryNumber)}' does not exist.`);
  const warehouse = String(f.warehouse ?? 'MAIN');
  if (!ctx.company.warehouses.has(warehouse))
    throw badRequest(`lines[${i}]: warehouse '${warehouse}' does not exist.`);
  const vatId = String(f.taxCategory ?? (item.vatCode as Obj).id);
  const vat = ctx.company.vatCodes.get(vatId);
  if (!vat) throw badRequest(`lines[${i}]: VAT category '${vatId}' does not exist.`);
  const qty = (f.quantity as number | undefined) ?? 1;
  if (qty <= 0) throw badRequest(`lines[${i}].quantity must be positive.`);
  const line = soLine(
    lineNbr,
    String(item.inventoryNumber),
    String(f.lineDescription ?? item.description),
    qty,
    (f.unitPrice as number | undefined) ?? (item.defaultPrice as number),
    (f.discountPercent as number | undefined) ?? 0,
    vat,
    false,
    warehouse,
  );
  line.uom = item.salesUnit;
  return line;
}

function applyHeader(ctx: VnCtx, o: Obj, w: Record<string, unknown>): void {
  const co = ctx.company;
  if ('customer' in w) {
    const c = co.customers.get(String(w.customer));
    if (!c) throw badRequest(`Customer '${String(w.customer)}' does not exist.`);
    o.customer = { internalId: c.internalId, number: c.number, name: c.name };
    o.location = {
      countryId: (c.location as Obj | undefined)?.countryId ?? 'SE',
      id: 'MAIN',
      name: 'Primary Location',
    };
    o.terms ??= c.creditTerms;
    o.currency ??= c.currencyId;
  }
  for (const k of ['customerOrder', 'customerRefNo', 'description', 'note', 'currency'])
    if (k in w && w[k] !== null) o[k] = w[k];
  if ('date' in w && w.date !== null) o.date = vnDate(String(w.date));
  if ('requestOn' in w && w.requestOn !== null) o.requestOn = vnDate(String(w.requestOn));
  if ('hold' in w && w.hold !== null) {
    o.hold = w.hold;
    if (o.status === 'Open' || o.status === 'Hold') o.status = w.hold ? 'Hold' : 'Open';
  }
  if ('terms' in w && w.terms !== null) {
    const t = co.creditTerms.get(String(w.terms));
    if (!t) throw badRequest(`Credit terms '${String(w.terms)}' do not exist.`);
    o.terms = { id: t.id, description: t.description };
  }
  if ('preferredWarehouse' in w && w.preferredWarehouse !== null) {
    const wh = co.warehouses.get(String(w.preferredWarehouse));
    if (!wh) throw badRequest(`Warehouse '${String(w.preferredWarehouse)}' does not exist.`);
    o.preferredWarehouse = { id: wh.warehouseID, description: wh.description };
  }
}

function put(ctx: VnCtx, old: Obj) {
  checkIfMatch(ctx, etagOf(keyOf(old), old.lastModifiedDateTime));
  if (!['Open', 'Hold', 'CreditHold', 'BackOrder'].includes(String(old.status)))
    throw badRequest(`Sales order ${String(old.orderNo)} is ${String(old.status)} and cannot be changed.`);
  const body = bodyOf(ctx);
  const w = unwrap(body, ORDER_SPEC);
  const ops = unwrapLines(body, 'lines', LINE_SPEC);
  const o = structuredClone(old);
  applyHeader(ctx, o, w);
  if (ops) o.lines = applyLines(ctx, o.lines as Obj[], ops);
  Object.assign(o, soTotals(o.lines as Obj[]));
  o.lastModifiedDateTime = vnDateTime(ctx.company.stamp(ctx.now));
  ctx.company.salesOrders.set(keyOf(o), o);
  return empty(204, { etag: `"${etagOf(keyOf(o), o.lastModifiedDateTime)}"` });
}

/** `/v1/salesorder` (list, get, create, update, cancel). */
export function registerSalesOrderV1Routes(router: Router<VnRoute>): void {
  router
    .add(
      'GET',
      '/v1/salesorder',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const modified = dateCondition(q, 'lastModifiedDateTime');
          const status = enumFilter(q, 'status', STATUSES);
          const type = q.get('orderType');
          const list = [...ctx.company.salesOrders.values()].filter(
            (o) =>
              (!modified || modified(Date.parse(`${String(o.lastModifiedDateTime)}Z`))) &&
              (!status || status(o.status)) &&
              (!type || o.orderType === type),
          );
          return pagedArray(ctx, list, (o) => o);
        },
      },
      'GET /v1/salesorder',
    )
    .add(
      'POST',
      '/v1/salesorder',
      {
        scope: 'create',
        handle: (ctx) => {
          const co = ctx.company;
          const body = bodyOf(ctx);
          const w = unwrap(body, ORDER_SPEC);
          // SalesOrderUpdateDto requires orderType (spec D).
          if (typeof w.orderType !== 'string' || !ORDER_TYPES.has(w.orderType))
            throw badRequest(`'orderType' is required and must be one of ${[...ORDER_TYPES].join(', ')}.`);
          if (typeof w.customer !== 'string') throw badRequest("'customer' is required.");
          const ops = unwrapLines(body, 'lines', LINE_SPEC) ?? [];
          if (ops.some((op) => op.operation !== 'Insert'))
            throw badRequest('A new order can only Insert lines.');
          const no =
            typeof w.orderNumber === 'string' && w.orderNumber !== ''
              ? w.orderNumber
              : String(++co.counters.orderNumber).padStart(6, '0');
          if (co.salesOrders.has(`${w.orderType} ${no}`))
            throw badRequest(`Sales order ${w.orderType} ${no} already exists.`);
          const stamp = co.stamp(ctx.now);
          const o: Obj = {
            orderType: w.orderType,
            orderNo: no,
            status: w.hold === true ? 'Hold' : 'Open',
            hold: w.hold === true,
            date: vnDate(new Date(stamp).toISOString()),
            requestOn: vnDate(new Date(stamp).toISOString()),
            exchangeRate: 1,
            preferredWarehouse: { id: 'MAIN', description: co.warehouses.get('MAIN')?.description ?? 'MAIN' },
            shipments: [],
          };
          applyHeader(ctx, o, w);
          o.lines = applyLines(ctx, [], ops);
          Object.assign(o, soTotals(o.lines as Obj[]));
          o.lastModifiedDateTime = vnDateTime(stamp);
          co.salesOrders.set(keyOf(o), o);
          return created(ctx, `/v1/salesorder/${encodeURIComponent(no)}`);
        },
      },
      'POST /v1/salesorder',
    )
    .add(
      'GET',
      '/v1/salesorder/:orderNbr',
      {
        scope: 'read',
        handle: (ctx) => {
          const o = orderByNumber(ctx, ctx.params.orderNbr);
          return withEtag(o, etagOf(keyOf(o), o.lastModifiedDateTime));
        },
      },
      'GET /v1/salesorder/{orderNbr}',
    )
    .add(
      'PUT',
      '/v1/salesorder/:orderNbr',
      { scope: 'update', handle: (ctx) => put(ctx, orderByNumber(ctx, ctx.params.orderNbr)) },
      'PUT /v1/salesorder/{orderNbr}',
    )
    .add(
      'GET',
      '/v1/salesorder/:orderType/:orderNbr',
      {
        scope: 'read',
        handle: (ctx) => {
          const o = orderByNumber(ctx, ctx.params.orderNbr, ctx.params.orderType);
          return withEtag(o, etagOf(keyOf(o), o.lastModifiedDateTime));
        },
      },
      'GET /v1/salesorder/{orderType}/{orderNbr}',
    )
    .add(
      'POST',
      '/v1/salesorder/:saleOrderNumber/action/cancelSalesOrder',
      {
        scope: 'update',
        handle: (ctx) => {
          const body = bodyOf(ctx);
          // CancelSalesOrderActionDto requires orderType (spec D).
          if (typeof body.orderType !== 'string') throw badRequest("'orderType' is required.");
          const o = orderByNumber(ctx, ctx.params.saleOrderNumber, body.orderType);
          if (!['Open', 'Hold', 'CreditHold', 'BackOrder'].includes(String(o.status)))
            return json(200, {
              actionId: randomUUID(),
              actionResult: 'Failed',
              errorInfo: `The order is ${String(o.status)}.`,
            });
          o.status = 'Cancelled';
          o.canceled = true;
          for (const l of o.lines as Obj[]) l.openQty = 0;
          o.lastModifiedDateTime = vnDateTime(ctx.company.stamp(ctx.now));
          return json(200, { actionId: randomUUID(), actionResult: 'Done' });
        },
      },
      'POST /v1/salesorder/{saleOrderNumber}/action/cancelSalesOrder',
    );
}
