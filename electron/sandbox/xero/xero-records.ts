/**
 * The stored records of a simulated Xero organisation. Field names follow the API exactly; amounts are decimal
 * strings (exact, compact, turned into JSON numbers on output), calendar dates `YYYY-MM-DD`, timestamps epoch ms.
 * Derived values (AmountDue, RemainingCredit, contact balances) are computed when rendering, not stored.
 */

/** Tracking on a line. */
export interface TrackingRec {
  TrackingCategoryID: string;
  TrackingOptionID: string;
  Name: string;
  Option: string;
}

/** A line of an invoice or credit note. */
export interface LineRec {
  LineItemID: string;
  Description?: string;
  Quantity?: string;
  UnitAmount?: string;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  TaxAmount: string;
  LineAmount: string;
  DiscountRate?: string;
  DiscountAmount?: string;
  /** True when the client supplied TaxAmount (it then overrides the computed tax on recalculation). */
  taxOverride?: boolean;
  Tracking?: TrackingRec[];
}

/** Invoice statuses (xero-notes.md §1.7). */
export type DocStatus = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'AUTHORISED' | 'PAID' | 'VOIDED';

/** Fields shared by invoices and credit notes. */
export interface DocRec {
  ContactID: string;
  Reference?: string;
  Date: string;
  DueDate?: string;
  Status: DocStatus;
  LineAmountTypes: 'Exclusive' | 'Inclusive' | 'NoTax';
  CurrencyCode: string;
  CurrencyRate: string;
  /**
   * The lines; absent on seeded documents until they change, in which case they are regenerated from the seed
   * when read (`XeroOrgStore.linesOf`), which keeps a 100,000-invoice organisation compact.
   */
  LineItems?: LineRec[];
  /** Index of the seeded document this record came from (for the regenerated lines). */
  seedIndex?: number;
  SubTotal: string;
  TotalTax: string;
  Total: string;
  TotalDiscount: string;
  FullyPaidOnDate?: string;
  SentToContact?: boolean;
  BrandingThemeID?: string;
  Url?: string;
  PaymentIDs: string[];
  UpdatedDateUTC: number;
  /** The OAuth client that created it (for `createdByMyApp`); absent for seed data. */
  createdBy?: string;
}

/** An overpayment that arose from a receipt against the invoice (seeded "overpaid" case). */
export interface OverpaymentRec {
  OverpaymentID: string;
  Type: 'RECEIVE-OVERPAYMENT' | 'SPEND-OVERPAYMENT';
  Date: string;
  Total: string;
  RemainingCredit: string;
}

/** An invoice (ACCREC sales invoice or ACCPAY bill). */
export interface InvoiceRec extends DocRec {
  InvoiceID: string;
  Type: 'ACCREC' | 'ACCPAY';
  InvoiceNumber: string;
  ExpectedPaymentDate?: string;
  PlannedPaymentDate?: string;
  AmountPaid: string;
  AmountCredited: string;
  /** Credit-note allocations applied to this invoice: CreditNoteID → AllocationIDs are on the credit note. */
  CreditNoteIDs: string[];
  Overpayments?: OverpaymentRec[];
}

/** An allocation of a credit note to an invoice. */
export interface AllocationRec {
  AllocationID: string;
  InvoiceID: string;
  Amount: string;
  Date: string;
  IsDeleted?: boolean;
}

/** A credit note. */
export interface CreditNoteRec extends DocRec {
  CreditNoteID: string;
  Type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  CreditNoteNumber: string;
  Allocations: AllocationRec[];
  /** Cash refunds paid out against the credit note. */
  AmountPaid: string;
}

/** A payment against an invoice or a credit note. */
export interface PaymentRec {
  PaymentID: string;
  Date: string;
  Amount: string;
  BankAmount: string;
  CurrencyRate: string;
  Reference?: string;
  IsReconciled: boolean;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: 'ACCRECPAYMENT' | 'ACCPAYPAYMENT' | 'ARCREDITPAYMENT' | 'APCREDITPAYMENT';
  AccountID: string;
  InvoiceID?: string;
  CreditNoteID?: string;
  UpdatedDateUTC: number;
}

/** A contact; `fields` holds the writable fields the client sent, stored as given. */
export interface ContactRec {
  ContactID: string;
  Name: string;
  ContactNumber?: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  IsCustomer: boolean;
  IsSupplier: boolean;
  UpdatedDateUTC: number;
  /** Other writable fields as Xero names them (EmailAddress, Addresses, Phones, TaxNumber, …). */
  fields: Record<string, unknown>;
}

/** An item's sales or purchase details. */
export interface ItemDetailsRec {
  UnitPrice?: string;
  AccountCode?: string;
  COGSAccountCode?: string;
  TaxType?: string;
}

/** An item. */
export interface ItemRec {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  IsTrackedAsInventory: boolean;
  InventoryAssetAccountCode?: string;
  SalesDetails?: ItemDetailsRec;
  PurchaseDetails?: ItemDetailsRec;
  UpdatedDateUTC: number;
}

/** An account of the chart of accounts. */
export interface AccountRec {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Class: 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  TaxType: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  BankAccountNumber?: string;
  BankAccountType?: string;
  CurrencyCode?: string;
  Description?: string;
  SystemAccount?: string;
  ReportingCode?: string;
  UpdatedDateUTC: number;
}

/** A tax rate. */
export interface TaxRateRec {
  Name: string;
  TaxType: string;
  ReportTaxType?: string;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  TaxComponents: { Name: string; Rate: string; IsCompound: boolean; IsNonRecoverable: boolean }[];
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  DisplayTaxRate: string;
  EffectiveRate: string;
}

/** A currency enabled in the organisation; `rate` is the simulator's day rate (units per base unit). */
export interface CurrencyRec {
  Code: string;
  Description: string;
  rate: string;
}

/** A tracking category with its options. */
export interface TrackingCategoryRec {
  TrackingCategoryID: string;
  Name: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  Options: { TrackingOptionID: string; Name: string; Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED' }[];
}

/** The organisation itself. OrganisationID equals the tenantId (xero-notes.md §3.1: updateTenants pairs them). */
export interface OrganisationRec {
  OrganisationID: string;
  Name: string;
  LegalName: string;
  ShortCode: string;
  Version: string;
  OrganisationType: string;
  BaseCurrency: string;
  CountryCode: string;
  IsDemoCompany: boolean;
  OrganisationStatus: string;
  RegistrationNumber: string;
  TaxNumber: string;
  FinancialYearEndDay: number;
  FinancialYearEndMonth: number;
  SalesTaxBasis: string;
  SalesTaxPeriod: string;
  DefaultSalesTax: string;
  DefaultPurchasesTax: string;
  PeriodLockDate?: string;
  EndOfYearLockDate?: string;
  CreatedDateUTC: number;
  Timezone: string;
  OrganisationEntityType: string;
  LineOfBusiness: string;
}
