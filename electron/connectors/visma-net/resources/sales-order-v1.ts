import { createError } from '../../../../shared/errors/ledgerflow-error';
import { compact, type RawRecord } from '../../kit/resource-connector';
import {
  amount,
  apiNumber,
  dateOnly,
  dateTimeOut,
  decimal,
  list,
  obj,
  strOut,
  text,
  utcTimestamp,
} from '../../kit/raw-values';
import { keySegment, vnDateTime, wrap } from '../visma-net-client';
import { vismaNetCapabilities, type VismaNetResource } from './visma-net-resource';

/** SalesOrderDto.status → canonical. */
const statusIn: Record<string, string> = {
  Open: 'open',
  BackOrder: 'open',
  Shipping: 'open',
  Hold: 'onHold',
  CreditHold: 'onHold',
  PendingApproval: 'onHold',
  Completed: 'completed',
  Invoiced: 'completed',
  Cancelled: 'cancelled',
  Voided: 'cancelled',
};
const statusFilter: Record<string, string> = {
  open: 'Open',
  onHold: 'Hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** The order type Ledgerflow creates: `SO`, the standard sales order. */
const ORDER_TYPE = 'SO';

/**
 * Sales orders through the v1 endpoints (`/v1/salesorder`, spec D §2.9). V1/V2 reach end of life on 31.03.2026
 * in favour of the separate SalesOrders V3 service (§2.1), whose schema is not public: this module is the only
 * place that knows v1, so a v3 resource with the same canonical mapping can replace it in the connector's table.
 * Ids are `orderType/orderNo`; lines carry `operation`; hold is the canonical `onHold`.
 */
export const salesOrderV1Resource: VismaNetResource = {
  entity: 'salesOrder',
  apiName: 'salesorder',
  capabilities: vismaNetCapabilities(['externalId', 'number'], { write: true, delta: true }),
  readOnlyFields: ['id', 'total', 'updatedAt'],
  filterFields: ['status', 'number'],

  toCanonical(raw) {
    const customer = obj(raw.customer);
    const id = `${String(raw.orderType)}/${String(raw.orderNo)}`;
    return {
      entity: 'salesOrder',
      sourceId: id,
      updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      data: compact({
        id,
        number: text(raw.orderNo),
        contact: customer
          ? compact({ id: text(customer.number), number: text(customer.number), name: text(customer.name) })
          : undefined,
        orderDate: dateOnly(raw.date),
        deliveryDate: dateOnly(raw.requestOn),
        status: raw.hold === true ? 'onHold' : statusIn[String(raw.status)],
        currency: text(raw.currency),
        lines: list(raw.lines).map((l) =>
          compact({
            itemCode: text(obj(l.inventory)?.number),
            description: text(l.lineDescription),
            quantity: decimal(l.quantity, 0, 4),
            unitPrice: decimal(l.unitPrice, 2, 4),
            discountPercent: decimal(l.discountPercent, 0, 4),
            taxCode: text(l.taxCategory),
          }),
        ),
        total: amount(raw.orderTotal),
        updatedAt: utcTimestamp(raw.lastModifiedDateTime),
      }),
      raw,
    };
  },

  async readPage(client, page, pageSize, q) {
    const query: Record<string, string> = {};
    if (q.since) {
      query.lastModifiedDateTime = vnDateTime(q.since);
      query.lastModifiedDateTimeCondition = '>=';
    }
    if (q.filter.status !== undefined) {
      const status = statusFilter[String(q.filter.status)];
      if (!status) return { items: [], pageCount: 1 };
      query.status = status;
    }
    if (q.filter.number !== undefined) {
      const found = await client.get(
        `/v1/salesorder/${keySegment(String(q.filter.number))}`,
        'GET /v1/salesorder/{orderNbr}',
        q.signal,
      );
      return { items: found && page === 1 ? [found.raw] : [], pageCount: 1 };
    }
    return client.page('/v1/salesorder', page, pageSize, query, q.signal);
  },

  async fetch(client, refs, { signal }) {
    if (!('ids' in refs) && refs.key !== 'number')
      throw createError('LF-1001', `Visma.net sales orders cannot be matched on '${refs.key}'`);
    const out: RawRecord[] = [];
    for (const v of 'ids' in refs ? refs.ids : refs.values) {
      const found = await client.get(orderPath(v), 'GET /v1/salesorder/{orderType}/{orderNbr}', signal);
      if (found) out.push(found.raw);
    }
    return out;
  },

  async write(client, op, { signal }) {
    const d = op.data;
    if (op.kind === 'create') {
      const body = { ...header(d, true), lines: linesOf(d, []) };
      return {
        raw: await client.create(
          '/v1/salesorder',
          'POST /v1/salesorder',
          body,
          'GET /v1/salesorder/{orderNbr}',
          signal,
        ),
      };
    }
    const [type, number] = splitId(op.id);
    // PUT is by order number; the type goes in the body (orderType is required on SalesOrderUpdateDto).
    const raw = await client.update(
      `/v1/salesorder/${keySegment(number)}`,
      { get: 'GET /v1/salesorder/{orderNbr}', put: 'PUT /v1/salesorder/{orderNbr}' },
      (current) => ({
        ...header(d, false),
        orderType: { value: type },
        ...(Array.isArray(d.lines) ? { lines: linesOf(d, list(current.lines)) } : {}),
      }),
      signal,
    );
    return { raw };
  },
};

function splitId(id: string): [string, string] {
  const at = id.indexOf('/');
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : [ORDER_TYPE, id];
}

function orderPath(id: string): string {
  const [type, number] = splitId(id);
  return `/v1/salesorder/${keySegment(type)}/${keySegment(number)}`;
}

function header(d: Readonly<Record<string, unknown>>, isCreate: boolean): Record<string, unknown> {
  const contact = obj(d.contact);
  return wrap({
    ...(isCreate ? { orderType: ORDER_TYPE, orderNumber: strOut(d.number) } : {}),
    customer: strOut(contact?.number ?? contact?.id),
    date: dateTimeOut(d.orderDate),
    requestOn: dateTimeOut(d.deliveryDate),
    currency: strOut(d.currency),
    hold: d.status === undefined ? undefined : d.status === 'onHold',
  });
}

function linesOf(d: Readonly<Record<string, unknown>>, existing: RawRecord[]): Record<string, unknown>[] {
  const lines = Array.isArray(d.lines) ? (d.lines as Record<string, unknown>[]) : [];
  const out: Record<string, unknown>[] = lines.map((l, i) => {
    const current = existing[i];
    return {
      operation: current ? 'Update' : 'Insert',
      ...wrap({
        ...(current ? { lineNbr: current.lineNbr } : {}),
        inventoryNumber: strOut(l.itemCode) ?? strOut(obj(current?.inventory)?.number),
        quantity: apiNumber(l.quantity),
        unitPrice: apiNumber(l.unitPrice),
        discountPercent: apiNumber(l.discountPercent),
        lineDescription: strOut(l.description),
        taxCategory: strOut(l.taxCode),
      }),
    };
  });
  for (const extra of existing.slice(lines.length))
    out.push({
      operation: 'Delete',
      lineNbr: { value: extra.lineNbr },
      inventoryNumber: { value: obj(extra.inventory)?.number },
    });
  return out;
}
