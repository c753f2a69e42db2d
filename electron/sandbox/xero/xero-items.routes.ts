import { randomUUID } from 'node:crypto';
import { empty } from '../kit/http-kit';
import type { Router } from '../kit/router';
import { runBatch } from './xero-batch';
import {
  asObject,
  bool,
  elementsOf,
  ElementError,
  envelope,
  isGuid,
  notFound,
  str,
  type XeroCtx,
  type XeroHandler,
} from './xero-context';
import { numIn } from './xero-documents';
import { listRecords } from './xero-list';
import type { ItemDetailsRec, ItemRec } from './xero-records';
import { accessor, renderItem } from './xero-render';

interface ItemIn {
  ItemID?: string;
  Code?: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold?: boolean;
  IsPurchased?: boolean;
  InventoryAssetAccountCode?: string;
  SalesDetails?: ItemDetailsRec;
  PurchaseDetails?: ItemDetailsRec;
}

function bindDetails(v: unknown): ItemDetailsRec | undefined {
  if (v === undefined || v === null) return undefined;
  const o = asObject(v, 'Purchase');
  const out: ItemDetailsRec = {};
  const price = numIn(o, 'UnitPrice');
  const acc = str(o, 'AccountCode');
  const cogs = str(o, 'COGSAccountCode');
  const tax = str(o, 'TaxType');
  if (price !== undefined) out.UnitPrice = price;
  if (acc) out.AccountCode = acc;
  if (cogs) out.COGSAccountCode = cogs;
  if (tax) out.TaxType = tax;
  return out;
}

function bindItem(v: unknown): ItemIn {
  const o = asObject(v, 'Item');
  const out: ItemIn = {};
  const set = <K extends keyof ItemIn>(k: K, val: ItemIn[K] | undefined): void => {
    if (val !== undefined) out[k] = val;
  };
  set('ItemID', str(o, 'ItemID'));
  set('Code', str(o, 'Code'));
  set('Name', str(o, 'Name'));
  set('Description', str(o, 'Description'));
  set('PurchaseDescription', str(o, 'PurchaseDescription'));
  set('IsSold', bool(o, 'IsSold'));
  set('IsPurchased', bool(o, 'IsPurchased'));
  set('InventoryAssetAccountCode', str(o, 'InventoryAssetAccountCode'));
  set('SalesDetails', bindDetails(o.SalesDetails));
  set('PurchaseDetails', bindDetails(o.PurchaseDetails));
  return out;
}

function validate(ctx: XeroCtx, i: ItemIn, self: ItemRec | undefined): string[] {
  const org = ctx.org;
  const errors: string[] = [];
  const code = i.Code ?? self?.Code;
  if (!code) errors.push('Item code must be specified.');
  else if (code.length > 30) errors.push('Item code must be 30 characters or fewer.');
  else {
    const other = org.itemByCode.get(code.toUpperCase());
    if (other && other !== self?.ItemID) errors.push(`Item code '${code}' already exists.`);
  }
  if (i.Name && i.Name.length > 50) errors.push('Item name must be 50 characters or fewer.');
  for (const d of [i.SalesDetails, i.PurchaseDetails]) {
    if (d?.AccountCode && !org.accountByCode.has(d.AccountCode.toUpperCase())) {
      errors.push(`Account code '${d.AccountCode}' is not a valid code for this document.`);
    }
    if (d?.TaxType && !org.taxRates.has(d.TaxType.toUpperCase())) {
      errors.push(
        `The TaxType code '${d.TaxType}' does not exist or cannot be used with this type of transaction.`,
      );
    }
  }
  return errors;
}

/** PUT creates (a taken Code is an error); POST matches ItemID, then Code (xero-notes.md §4.2 item 2). */
function writeItem(
  ctx: XeroCtx,
  i: ItemIn,
  mode: 'create' | 'upsert',
  target?: ItemRec,
): Record<string, unknown> {
  const org = ctx.org;
  let existing = target;
  if (!existing && i.ItemID) {
    existing = isGuid(i.ItemID) ? org.items.get(i.ItemID.toLowerCase()) : undefined;
    if (!existing)
      throw new ElementError([`Item with ItemID '${i.ItemID}' could not be found.`], { ItemID: i.ItemID });
  }
  if (!existing && mode === 'upsert' && i.Code) {
    const id = org.itemByCode.get(i.Code.toUpperCase());
    existing = id ? org.items.get(id) : undefined;
  }
  const errors = validate(ctx, i, existing);
  if (errors.length) throw new ElementError(errors, existing ? { ItemID: existing.ItemID } : {});
  if (existing) {
    const oldCode = existing.Code;
    const { ItemID: _ignored, ...rest } = i;
    Object.assign(existing, rest);
    if (oldCode !== existing.Code) {
      org.itemByCode.delete(oldCode.toUpperCase());
      org.itemByCode.set(existing.Code.toUpperCase(), existing.ItemID);
    }
    org.touch(org.items, existing.ItemID, existing, ctx.now);
    return renderItem(existing, ctx.unitdp);
  }
  const rec: ItemRec = {
    ItemID: randomUUID(),
    Code: i.Code as string,
    ...(i.Name !== undefined ? { Name: i.Name } : {}),
    ...(i.Description !== undefined ? { Description: i.Description } : {}),
    ...(i.PurchaseDescription !== undefined ? { PurchaseDescription: i.PurchaseDescription } : {}),
    IsSold: i.IsSold ?? true,
    IsPurchased: i.IsPurchased ?? true,
    IsTrackedAsInventory: !!i.InventoryAssetAccountCode,
    ...(i.InventoryAssetAccountCode ? { InventoryAssetAccountCode: i.InventoryAssetAccountCode } : {}),
    ...(i.SalesDetails ? { SalesDetails: i.SalesDetails } : {}),
    ...(i.PurchaseDetails ? { PurchaseDetails: i.PurchaseDetails } : {}),
    UpdatedDateUTC: org.stamp(ctx.now),
  };
  org.putItem(rec);
  return renderItem(rec, ctx.unitdp);
}

const ITEM_FIELDS = [
  'ItemID',
  'Code',
  'Name',
  'Description',
  'PurchaseDescription',
  'IsSold',
  'IsPurchased',
  'IsTrackedAsInventory',
  'SalesDetails',
  'PurchaseDetails',
  'UpdatedDateUTC',
  'InventoryAssetAccountCode',
  'QuantityOnHand',
  'TotalCostPool',
] as const;

function findItem(ctx: XeroCtx): ItemRec | undefined {
  const key = ctx.params.ItemID ?? '';
  if (isGuid(key)) return ctx.org.items.get(key.toLowerCase());
  const id = ctx.org.itemByCode.get(key.toUpperCase());
  return id ? ctx.org.items.get(id) : undefined;
}

/** Registers the Items endpoints (no paging, §1.2). */
export function registerItemRoutes(r: Router<XeroHandler>): void {
  r.add(
    'GET',
    '/Items',
    (ctx) => {
      const res = listRecords(ctx, ctx.org.items.values(), {
        typeName: 'Item',
        pageable: false,
        access: accessor<ItemRec>(
          ITEM_FIELDS,
          (i, k) =>
            k === 'Code' || k === 'Name' || k === 'ItemID' || k === 'IsSold' || k === 'IsPurchased'
              ? (i[k] ?? null)
              : undefined,
          (i) => renderItem(i, 4),
        ),
        updated: (i) => i.UpdatedDateUTC,
      });
      return envelope(ctx, { Items: res.items.map((i) => renderItem(i, ctx.unitdp)) });
    },
    'GET /Items',
  );
  r.add(
    'PUT',
    '/Items',
    (ctx) =>
      runBatch(ctx, elementsOf(ctx.body, 'Items', true), 'Items', null, bindItem, (i) =>
        writeItem(ctx, i, 'create'),
      ),
    'PUT /Items',
  );
  r.add(
    'POST',
    '/Items',
    (ctx) =>
      runBatch(ctx, elementsOf(ctx.body, 'Items', true), 'Items', null, bindItem, (i) =>
        writeItem(ctx, i, 'upsert'),
      ),
    'POST /Items',
  );
  r.add(
    'GET',
    '/Items/:ItemID',
    (ctx) => {
      const item = findItem(ctx);
      return item ? envelope(ctx, { Items: [renderItem(item, ctx.unitdp)] }) : notFound();
    },
    'GET /Items/{ItemID}',
  );
  r.add(
    'POST',
    '/Items/:ItemID',
    (ctx) => {
      const item = findItem(ctx);
      if (!item) return notFound();
      return runBatch(ctx, elementsOf(ctx.body, 'Items', true).slice(0, 1), 'Items', null, bindItem, (i) =>
        writeItem(ctx, i, 'upsert', item),
      );
    },
    'POST /Items/{ItemID}',
  );
  // xero-notes.md §1.2: DELETE /Items/{ItemID} answers 204 with no body.
  r.add(
    'DELETE',
    '/Items/:ItemID',
    (ctx) => {
      const item = findItem(ctx);
      if (!item) return notFound();
      ctx.org.items.delete(item.ItemID);
      ctx.org.itemByCode.delete(item.Code.toUpperCase());
      return empty(204);
    },
    'DELETE /Items/{ItemID}',
  );
}
