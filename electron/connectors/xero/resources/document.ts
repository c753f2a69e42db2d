import {
  amount,
  apiNumber,
  compact,
  dateOut,
  decimal,
  list,
  obj,
  strOut,
  text,
  xeroDate,
  xeroTimestamp,
  type XeroRaw,
} from '../xero-mapping';

/** Xero document status → canonical (xero-notes.md §1.7). */
const statusIn: Record<string, string> = {
  DRAFT: 'draft',
  SUBMITTED: 'submitted',
  AUTHORISED: 'authorised',
  PAID: 'paid',
  VOIDED: 'voided',
  DELETED: 'deleted',
};

/** Canonical status → what may be sent. Nobody sets PAID: payments and allocations do (§1.7). */
const statusOut: Record<string, string> = {
  draft: 'DRAFT',
  submitted: 'SUBMITTED',
  authorised: 'AUTHORISED',
  sent: 'AUTHORISED',
  paid: 'AUTHORISED',
  voided: 'VOIDED',
  deleted: 'DELETED',
};

/** The parts of an invoice or a credit note both share: contact, dates, currency, lines, totals. */
export function documentToCanonical(
  raw: XeroRaw,
  numberField: 'InvoiceNumber' | 'CreditNoteNumber',
  idField: 'InvoiceID' | 'CreditNoteID',
) {
  const contact = obj(raw.Contact);
  const type = String(raw.Type ?? '');
  return compact({
    id: text(raw[idField]),
    number: text(raw[numberField]),
    type: type.startsWith('ACCREC') ? 'sales' : type.startsWith('ACCPAY') ? 'purchase' : undefined,
    status: statusIn[String(raw.Status)],
    contact: contact
      ? compact({
          id: text(contact.ContactID),
          number: text(contact.ContactNumber),
          name: text(contact.Name),
        })
      : undefined,
    issueDate: xeroDate(raw.Date),
    dueDate: xeroDate(raw.DueDate),
    currency: text(raw.CurrencyCode),
    currencyRate: decimal(raw.CurrencyRate, 0, 6),
    reference: text(raw.Reference),
    amountsIncludeTax: raw.LineAmountTypes === undefined ? undefined : raw.LineAmountTypes === 'Inclusive',
    lines: Array.isArray(raw.LineItems)
      ? list(raw.LineItems).map((l) =>
          compact({
            description: text(l.Description),
            itemCode: text(l.ItemCode),
            quantity: decimal(l.Quantity, 0, 4),
            unitPrice: decimal(l.UnitAmount, 2, 4),
            discountPercent: decimal(l.DiscountRate, 0, 4),
            taxCode: text(l.TaxType),
            accountCode: text(l.AccountCode),
            lineAmount: amount(l.LineAmount),
            taxAmount: amount(l.TaxAmount),
          }),
        )
      : undefined,
    subTotal: amount(raw.SubTotal),
    totalTax: amount(raw.TotalTax),
    total: amount(raw.Total),
    amountPaid: amount(raw.AmountPaid),
    amountDue: amount(raw.AmountDue ?? raw.RemainingCredit),
    updatedAt: xeroTimestamp(raw.UpdatedDateUTC),
  });
}

/** Canonical document → xero-node model fields shared by Invoice and CreditNote (camelCase). */
export function documentToXero(
  d: Readonly<Record<string, unknown>>,
  kind: 'invoice' | 'creditNote',
): Record<string, unknown> {
  const contact = obj(d.contact);
  const suffix = kind === 'creditNote' ? 'CREDIT' : '';
  const type = d.type === 'purchase' ? `ACCPAY${suffix}` : d.type === 'sales' ? `ACCREC${suffix}` : undefined;
  // Only one identifier in Contact: anything more would also update the contact (xero-notes.md §1.6).
  const contactRef = contact
    ? contact.id
      ? { contactID: String(contact.id) }
      : contact.number
        ? { contactNumber: String(contact.number) }
        : contact.name
          ? { name: String(contact.name) }
          : undefined
    : undefined;
  const lines = Array.isArray(d.lines) ? (d.lines as Record<string, unknown>[]) : undefined;
  return compact({
    type,
    contact: contactRef,
    date: dateOut(d.issueDate),
    dueDate: dateOut(d.dueDate),
    currencyCode: strOut(d.currency),
    currencyRate: apiNumber(d.currencyRate),
    reference: strOut(d.reference),
    status: d.status !== undefined ? statusOut[String(d.status)] : undefined,
    lineAmountTypes:
      d.amountsIncludeTax === undefined ? undefined : d.amountsIncludeTax ? 'Inclusive' : 'Exclusive',
    lineItems: lines?.map((l) =>
      compact({
        description: strOut(l.description),
        itemCode: strOut(l.itemCode),
        quantity: apiNumber(l.quantity),
        unitAmount: apiNumber(l.unitPrice),
        // Credit notes take no discounts in Xero (xero-notes.md §1.9).
        discountRate: kind === 'invoice' ? apiNumber(l.discountPercent) : undefined,
        taxType: strOut(l.taxCode),
        accountCode: strOut(l.accountCode),
      }),
    ),
  });
}

/** The unit prices of a canonical document, for the unitdp decision. */
export function unitPricesOf(d: Readonly<Record<string, unknown>>): unknown[] {
  return Array.isArray(d.lines) ? (d.lines as Record<string, unknown>[]).map((l) => l.unitPrice) : [];
}
