import { createError } from '../../../../shared/errors/ledgerflow-error';
import { money, toDec } from '../../../../shared/money/decimal-money';
import { compact, type RawRecord } from '../../kit/resource-connector';
import { amount, apiNumber, dateOnly, dateTimeOut, decimal, obj, strOut, text } from '../../kit/raw-values';
import { seg, type EaccountingClient } from '../eaccounting-client';
import { eaccountingCapabilities, type EaccountingResource } from './eaccounting-resource';

/**
 * Invoice payments (`POST /customerinvoices/{invoiceId}/payments`, InvoicePaymentApi, §1.9): a payment is
 * allocated to the invoice it is posted to. The API has no list or GET of payments, so Ledgerflow writes them
 * only (the invoice's `amountPaid`/`amountDue` show the effect). The bank account is the one whose ledger account
 * is `accountCode`, else the company's default account in the invoice's currency. `raw` is the API's answer
 * plus `InvoiceId` and `InvoiceNumber` of the invoice it was posted to.
 */
export const paymentResource: EaccountingResource = {
  entity: 'payment',
  apiName: 'customerinvoices/{invoiceId}/payments',
  capabilities: eaccountingCapabilities(['externalId'], { write: true, delta: false, read: false }),
  readOnlyFields: ['id', 'currency', 'updatedAt'],
  filterFields: [],

  toCanonical(raw) {
    const invoiceId = text(raw.InvoiceId);
    const id = `${invoiceId ?? ''}:${text(raw.BankTransactionId) ?? text(raw.PaymentDate) ?? ''}`;
    const paid = raw.PaymentAmount;
    return {
      entity: 'payment',
      sourceId: id,
      updatedAt: undefined,
      data: compact({
        id,
        invoice: compact({ id: invoiceId, number: text(raw.InvoiceNumber) }),
        date: dateOnly(raw.PaymentDate),
        // Payments on credit invoices are negative in eAccounting; the model's payment amount is positive.
        amount: typeof paid === 'number' ? money(toDec(paid).abs(), 2) : amount(paid),
        currency: text(raw.PaymentCurrency),
        currencyRate:
          typeof raw.DomesticPaymentAmount === 'number' && typeof paid === 'number' && paid !== 0
            ? decimal(toDec(raw.DomesticPaymentAmount).dividedBy(paid), 0, 6)
            : undefined,
        accountCode: text(raw.LedgerAccountNumber),
        reference: text(raw.Reference),
      }),
      raw,
    };
  },

  readPage() {
    return Promise.reject(noReads());
  },

  fetch() {
    return Promise.reject(noReads());
  },

  async write(client, op, { signal }) {
    if (op.kind === 'update')
      throw createError(
        'LF-2001',
        'Visma eAccounting payments cannot be changed once made (the API only creates them)',
        { apiMessage: 'Invoice payments can only be created' },
      );
    const d = op.data;
    const invoice = await invoiceOf(client, obj(d.invoice));
    const bank = await bankAccountFor(client, strOut(d.accountCode), String(invoice.CurrencyCode));
    const remaining = toDec(invoice.RemainingAmountInvoiceCurrency as number);
    const wanted = toDec(String(d.amount ?? '0')).abs();
    const signed = remaining.isNegative() ? wanted.negated() : wanted;
    const body = compact({
      CompanyBankAccountId: String(bank.Id),
      PaymentAmount: signed.toNumber(),
      PaymentCurrency: String(invoice.CurrencyCode),
      // 2 CompletePayment closes the invoice (and writes off a difference); only when it pays the rest exactly.
      PaymentType: signed.equals(remaining) ? 2 : 1,
      PaymentDate: dateTimeOut(d.date),
      Reference: strOut(d.reference),
      DomesticPaymentAmount:
        d.currencyRate !== undefined
          ? apiNumber(money(signed.times(toDec(String(d.currencyRate))), 2))
          : undefined,
    });
    const answer = await client.post(
      `/customerinvoices/${seg(String(invoice.Id))}/payments`,
      'POST /customerinvoices/{invoiceId}/payments',
      body,
      signal,
    );
    return {
      raw: {
        ...answer,
        InvoiceId: invoice.Id,
        InvoiceNumber: invoice.InvoiceNumber,
        LedgerAccountNumber: bank.LedgerAccountNumber,
      },
    };
  },
};

function noReads() {
  return createError(
    'LF-2006',
    'Visma eAccounting has no list of payments in its API; read invoices instead',
  );
}

async function invoiceOf(
  client: EaccountingClient,
  ref: Record<string, unknown> | undefined,
): Promise<RawRecord> {
  if (ref?.id)
    return client.get(`/customerinvoices/${seg(String(ref.id))}`, 'GET /customerinvoices/{invoiceId}');
  const number = strOut(ref?.number);
  if (number && /^\d+$/.test(number)) {
    const [found] = await client.all('/customerinvoices', `InvoiceNumber eq ${number}`);
    if (found) return found;
    throw createError('LF-2007', `Visma eAccounting has no invoice number ${number}`, { number });
  }
  throw createError(
    'LF-2001',
    'A Visma eAccounting payment needs the invoice: give invoice.id or invoice.number',
    {
      apiMessage: 'The invoice is required',
    },
  );
}

async function bankAccountFor(
  client: EaccountingClient,
  accountCode: string | undefined,
  currency: string,
): Promise<RawRecord> {
  const accounts = (await client.reference('/bankaccounts')).filter((a) => a.IsActive !== false);
  if (accountCode) {
    const match = accounts.find((a) => String(a.LedgerAccountNumber) === accountCode);
    if (!match)
      throw createError('LF-2001', `Visma eAccounting has no bank account on ledger account ${accountCode}`, {
        apiMessage: `No bank account with LedgerAccountNumber ${accountCode}`,
      });
    return match;
  }
  const match =
    accounts.find((a) => a.CurrencyCode === currency && a.IsDefaultChequeAccount === true) ??
    accounts.find((a) => a.CurrencyCode === currency) ??
    accounts.find((a) => a.IsDefaultChequeAccount === true);
  if (!match) throw createError('LF-2001', `Visma eAccounting has no bank account for ${currency}`);
  return match;
}
