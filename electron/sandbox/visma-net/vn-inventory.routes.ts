import { json } from '../kit/http-kit';
import { empty } from '../kit/http-kit';
import type { Router } from '../kit/router';
import { D, num } from '../kit/vat-per-rate';
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
  textFilter,
  vnDateTime,
  withEtag,
  type VnCtx,
  type VnRoute,
} from './vn-context';
import { etagOf, type Obj, type VnCompany } from './vn-store';
import { unwrap, type WrappedSpec } from './vn-values';

const STATUSES = ['Active', 'NoSales', 'NoPurchases', 'NoRequest', 'Inactive', 'MarkedForDeletion'] as const;
const TYPES = [
  'NonStockItem',
  'LaborItem',
  'ServiceItem',
  'ChargeItem',
  'ExpenseItem',
  'FinishedGoodItem',
  'ComponentPartItem',
  'SubassemblyItem',
] as const;

/** InventoryUpdateDto: the wrapped properties the simulator applies (visma-notes.md §2.9). */
const INVENTORY_SPEC: WrappedSpec = {
  inventoryNumber: 'string',
  status: { enum: STATUSES },
  type: { enum: TYPES },
  description: 'string',
  body: 'string',
  itemClass: 'string',
  postingClass: 'string',
  vatCode: 'string',
  defaultPrice: 'decimal',
  baseUnit: 'string',
  salesUnit: 'string',
  purchaseUnit: 'string',
  defaultWarehouse: 'string',
  kitItem: 'bool',
  note: 'string',
};

const CLASSES: Record<string, [string, string]> = {
  VAROR: ['Varor', 'FinishedGoodItem'],
  TJ: ['Tjänster', 'ServiceItem'],
};

/**
 * Open sales-order quantities per item and warehouse. The inventory routes see sales orders only through this
 * (the v1 sales-order module implements it), so a v3 sales-order service can replace that module.
 */
export interface SalesOrderBook {
  bookedQuantity(company: VnCompany, inventoryNumber: string, warehouse: string): number;
}

/** The InventoryDto with its `timestamp` (= ETag, visma-notes.md §2.8). */
function view(i: Obj): Obj {
  return { ...i, timestamp: etagOf(String(i.inventoryNumber), i.lastModifiedDateTime) };
}

function itemParam(ctx: VnCtx): Obj {
  const key = decodeKey(ctx.params.inventoryNumber);
  const i = ctx.company.inventory.get(key);
  if (!i) throw notFound(`Inventory item '${key}' not found.`);
  return i;
}

function apply(ctx: VnCtx, body: Record<string, unknown>, old?: Obj): Obj {
  const co = ctx.company;
  const w = unwrap(body, INVENTORY_SPEC);
  const i: Obj = old ? structuredClone(old) : {};
  for (const k of [
    'status',
    'type',
    'description',
    'body',
    'baseUnit',
    'salesUnit',
    'purchaseUnit',
    'kitItem',
    'note',
  ]) {
    if (k in w) {
      if (w[k] === null) delete i[k];
      else i[k] = w[k];
    }
  }
  if ('defaultPrice' in w) i.defaultPrice = w.defaultPrice === null ? 0 : num(w.defaultPrice as number, 4);
  if ('itemClass' in w && w.itemClass !== null) {
    const cl = CLASSES[String(w.itemClass)];
    if (!cl) throw badRequest(`Item class '${String(w.itemClass)}' does not exist.`);
    i.itemClass = { type: cl[1], id: w.itemClass, description: cl[0] };
  }
  if ('postingClass' in w && w.postingClass !== null)
    i.postingClass = { id: w.postingClass, description: String(w.postingClass) };
  if ('vatCode' in w && w.vatCode !== null) {
    const v = co.vatCodes.get(String(w.vatCode));
    if (!v) throw badRequest(`VAT category '${String(w.vatCode)}' does not exist.`);
    i.vatCode = { id: v.id, description: v.description };
  }
  if ('defaultWarehouse' in w && w.defaultWarehouse !== null) {
    const wh = co.warehouses.get(String(w.defaultWarehouse));
    if (!wh) throw badRequest(`Warehouse '${String(w.defaultWarehouse)}' does not exist.`);
    i.defaultWarehouse = { id: wh.warehouseID, description: wh.description };
  }
  if (typeof i.description !== 'string' || i.description === '')
    throw badRequest("'description' cannot be empty.");
  i.lastModifiedDateTime = vnDateTime(co.stamp(ctx.now));
  return i;
}

/** `/v1/inventory` (items and their stock) and `/v1/inventorysummary/{inventoryNumber}`, `/v1/warehouse`. */
export function registerInventoryRoutes(router: Router<VnRoute>, orders: SalesOrderBook): void {
  router
    .add(
      'GET',
      '/v1/inventory',
      {
        scope: 'read',
        handle: (ctx) => {
          const q = ctx.req.query;
          const modified = dateCondition(q, 'lastModifiedDateTime');
          const status = enumFilter(q, 'status', STATUSES);
          const number = textFilter(q, 'inventoryNumber');
          const description = q.get('description');
          const types = q.getAll('inventoryTypes').flatMap((t) => t.split(','));
          for (const t of types)
            if (!TYPES.includes(t as (typeof TYPES)[number]))
              throw badRequest(`Unknown inventory type '${t}'.`);
          const list: Obj[] = [];
          for (const i of ctx.company.inventory.values()) {
            if (modified && !modified(Date.parse(`${String(i.lastModifiedDateTime)}Z`))) continue;
            if (status && !status(i.status)) continue;
            if (number && !number(i.inventoryNumber)) continue;
            if (description && !String(i.description).toLowerCase().includes(description.toLowerCase()))
              continue;
            if (types.length && !types.includes(String(i.type))) continue;
            list.push(i);
          }
          return pagedArray(ctx, list, view, ctx.behaviour.inventoryMaxPageSize);
        },
      },
      'GET /v1/inventory',
    )
    .add(
      'POST',
      '/v1/inventory',
      {
        scope: 'create',
        handle: (ctx) => {
          const co = ctx.company;
          const body = bodyOf(ctx);
          const w = unwrap(body, INVENTORY_SPEC);
          const number = typeof w.inventoryNumber === 'string' ? w.inventoryNumber.trim() : '';
          if (!number) throw badRequest("'inventoryNumber' is required.");
          if (co.inventory.has(number)) throw badRequest(`An inventory item '${number}' already exists.`);
          const i = apply(ctx, body);
          const type = (i.type as string | undefined) ?? 'FinishedGoodItem';
          const stock = !['NonStockItem', 'LaborItem', 'ServiceItem', 'ChargeItem', 'ExpenseItem'].includes(
            type,
          );
          const out: Obj = {
            inventoryId: ++co.counters.inventoryId,
            inventoryNumber: number,
            status: 'Active',
            type,
            itemClass: { type, id: stock ? 'VAROR' : 'TJ', description: stock ? 'Varor' : 'Tjänster' },
            postingClass: { id: 'STD', description: 'Standard' },
            vatCode: { id: 'MP1', description: co.vatCodes.get('MP1')?.description ?? 'MP1' },
            defaultPrice: 0,
            pendingCost: 0,
            currentCost: 0,
            lastCost: 0,
            baseUnit: 'STK',
            salesUnit: 'STK',
            purchaseUnit: 'STK',
            stockItem: stock,
            kitItem: false,
            warehouseDetails: stock
              ? [...co.warehouses.values()].map((wh, n) => ({
                  isDefault: n === 0,
                  warehouse: wh.warehouseID,
                  quantityOnHand: 0,
                  available: 0,
                  availableForShipment: 0,
                  lastModifiedDateTime: i.lastModifiedDateTime,
                }))
              : [],
            recommendedPrice: 0,
            attributes: [],
            ...i,
          };
          co.inventory.set(number, out);
          return created(ctx, `/v1/inventory/${encodeURIComponent(number)}`);
        },
      },
      'POST /v1/inventory',
    )
    .add(
      'GET',
      '/v1/inventory/internal/:inventoryId',
      {
        scope: 'read',
        handle: (ctx) => {
          const id = Number(ctx.params.inventoryId);
          const i = [...ctx.company.inventory.values()].find((x) => x.inventoryId === id);
          if (!i)
            throw notFound(`Inventory item with internal id '${ctx.params.inventoryId ?? ''}' not found.`);
          const v = view(i);
          return withEtag(v, String(v.timestamp));
        },
      },
      'GET /v1/inventory/internal/{inventoryId}',
    )
    .add(
      'GET',
      '/v1/inventory/:inventoryNumber',
      {
        scope: 'read',
        handle: (ctx) => {
          const v = view(itemParam(ctx));
          return withEtag(v, String(v.timestamp));
        },
      },
      'GET /v1/inventory/{inventoryNumber}',
    )
    .add(
      'PUT',
      '/v1/inventory/:inventoryNumber',
      {
        scope: 'update',
        handle: (ctx) => {
          const old = itemParam(ctx);
          checkIfMatch(ctx, etagOf(String(old.inventoryNumber), old.lastModifiedDateTime));
          const body = bodyOf(ctx);
          const w = unwrap(body, INVENTORY_SPEC);
          if ('inventoryNumber' in w && w.inventoryNumber !== old.inventoryNumber)
            throw badRequest('The inventory number cannot be changed here; use action/changeInventoryNbr.');
          const i = apply(ctx, body, old);
          ctx.company.inventory.set(String(i.inventoryNumber), i);
          return empty(204, { etag: `"${etagOf(String(i.inventoryNumber), i.lastModifiedDateTime)}"` });
        },
      },
      'PUT /v1/inventory/{inventoryNumber}',
    )
    .add(
      'GET',
      '/v1/inventorysummary/:inventoryNumber',
      {
        scope: 'read',
        handle: (ctx) => {
          const i = itemParam(ctx);
          const want = ctx.req.query.get('warehouse');
          const rows = ((i.warehouseDetails ?? []) as Obj[])
            .filter((w) => !want || w.warehouse === want)
            .map((w) => {
              const wh = ctx.company.warehouses.get(String(w.warehouse));
              const onHand = new D(w.quantityOnHand as number);
              const booked = new D(
                orders.bookedQuantity(ctx.company, String(i.inventoryNumber), String(w.warehouse)),
              );
              const available = onHand.minus(booked);
              const cost = new D((i.currentCost as number | undefined) ?? 0);
              return {
                inventory: { number: i.inventoryNumber, description: i.description },
                warehouse: { id: w.warehouse, description: wh?.description ?? String(w.warehouse) },
                location: { id: 1, name: 'R1' },
                available: num(available, 4),
                availableForShipment: num(available, 4),
                notAvailable: 0,
                soBooked: num(booked, 4),
                soAllocated: 0,
                soShipped: 0,
                soBackOrdered: 0,
                inIssues: 0,
                inReceipts: 0,
                inTransit: 0,
                purchaseOrders: 0,
                poReceipts: 0,
                expired: 0,
                onHand: num(onHand, 4),
                baseUnit: i.baseUnit,
                estimatedUnitCost: num(cost, 4),
                estimatedTotalCost: num(cost.mul(onHand)),
              };
            });
          return json(200, rows);
        },
      },
      'GET /v1/inventorysummary/{inventoryNumber}',
    )
    .add(
      'GET',
      '/v1/warehouse',
      { scope: 'read', handle: (ctx) => json(200, [...ctx.company.warehouses.values()]) },
      'GET /v1/warehouse',
    );
}
