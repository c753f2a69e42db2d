import { parseIsoMs } from './vea-odata';

/**
 * Field tables of the eAccounting v2 entities the simulator serves: names, JSON types, nullability, lengths,
 * required and read-only flags exactly as the OpenAPI document (visma-eaccounting-v2.openapi.yaml, spec A of
 * visma-notes.md §0) declares them, in the document's order. They drive three things: the default shape of every
 * response (every declared property present, `additionalProperties: false` respected), request validation
 * (types, lengths, required fields → error 2000 with `Errors[]`), and the properties `$filter`/`$orderby` accept.
 */

/** One property of an entity. */
export interface FieldSpec {
  /** Property name as the API spells it (PascalCase). */
  n: string;
  t: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  /** Nullable. */
  nul?: 1;
  fmt?: 'uuid' | 'date-time';
  /** maxLength. */
  max?: number;
  min?: number;
  /** maximum. */
  maxv?: number;
  /** Read-only: ignored in request bodies. */
  ro?: 1;
  req?: 1;
  /** Nested schema name (objects) or item type (arrays). */
  ref?: string;
  items?: string;
}

/** CustomerApi. */
export const CUSTOMER_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'InvoiceCity', t: 'string', max: 50, req: 1 },
  { n: 'InvoicePostalCode', t: 'string', max: 10, req: 1 },
  { n: 'GLN', t: 'string', nul: 1, max: 255 },
  { n: 'EmailAddressOrder', t: 'string', nul: 1, max: 255 },
  { n: 'EmailAddressQuote', t: 'string', nul: 1, max: 255 },
  { n: 'PayToAccountId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'TermsOfPayment', t: 'object', ref: 'TermsOfPaymentApi' },
  { n: 'LastInvoiceDate', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'TaxDeductionNumber', t: 'string', nul: 1 },
  { n: 'PropertyType', t: 'integer', nul: 1, min: 1, maxv: 2 },
  { n: 'PropertyReference', t: 'string', nul: 1, max: 40 },
  { n: 'ChangedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'CustomerLabels', t: 'array', nul: 1, items: 'CustomerLabelApi' },
  { n: 'MessageThreads', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'Notes', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'IsFutureInvoiceDateAllowed', t: 'boolean', ro: 1 },
  { n: 'Iban', t: 'string', nul: 1, max: 35 },
  { n: 'IsDirectDebitEnabled', t: 'boolean', nul: 1 },
  { n: 'DirectDebitCustomerSettings', t: 'object', ref: 'DirectDebitCustomerSettingsApi' },
  { n: 'DiscountAgreementId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'UnpaidInvoicesAmount', t: 'number', ro: 1 },
  { n: 'CustomerNumber', t: 'string', nul: 1, max: 16 },
  { n: 'CorporateIdentityNumber', t: 'string', nul: 1, max: 20 },
  { n: 'ContactPersonEmail', t: 'string', nul: 1, max: 255 },
  { n: 'ContactPersonMobile', t: 'string', nul: 1, max: 50 },
  { n: 'ContactPersonName', t: 'string', nul: 1, max: 100 },
  { n: 'ContactPersonPhone', t: 'string', nul: 1, max: 50 },
  { n: 'CurrencyCode', t: 'string', nul: 1, max: 3 },
  { n: 'EmailAddress', t: 'string', nul: 1, max: 255 },
  { n: 'InvoiceAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceCountryCode', t: 'string', nul: 1, max: 2 },
  { n: 'DeliveryAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryCity', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryCountryCode', t: 'string', nul: 1, max: 2 },
  { n: 'DeliveryPostalCode', t: 'string', nul: 1, max: 10 },
  { n: 'DeliveryCustomerName', t: 'string', nul: 1, max: 100 },
  { n: 'DeliveryMethodId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'DeliveryTermId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'Name', t: 'string', max: 50, req: 1 },
  { n: 'Note', t: 'string', nul: 1, max: 4000 },
  { n: 'ReverseChargeOnConstructionServices', t: 'boolean' },
  { n: 'WebshopCustomerNumber', t: 'integer', nul: 1 },
  { n: 'MobilePhone', t: 'string', nul: 1, max: 50 },
  { n: 'Telephone', t: 'string', nul: 1, max: 50 },
  { n: 'TermsOfPaymentId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'VatNumber', t: 'string', nul: 1, max: 20 },
  { n: 'WwwAddress', t: 'string', nul: 1, max: 255 },
  { n: 'IsPrivatePerson', t: 'boolean', req: 1 },
  { n: 'IsNorthernIreland', t: 'boolean', nul: 1 },
  { n: 'DiscountPercentage', t: 'number', min: 0, maxv: 1 },
  { n: 'IsActive', t: 'boolean', req: 1 },
  { n: 'ForceBookkeepVat', t: 'boolean' },
  { n: 'EdiGlnNumber', t: 'string', nul: 1, max: 255 },
  { n: 'SalesDocumentLanguage', t: 'string', nul: 1, max: 2 },
  { n: 'ElectronicAddress', t: 'string', nul: 1, max: 255 },
  { n: 'ElectronicReference', t: 'string', nul: 1, max: 35 },
  { n: 'EdiServiceDelivererId', t: 'string', nul: 1, max: 255 },
  { n: 'AutoInvoiceActivationEmailSentDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'AutoInvoiceRegistrationRequestSentDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'EmailAddresses', t: 'array', nul: 1, items: 'string' },
  { n: 'DeliveryBasedVat', t: 'boolean' },
  { n: 'SalesPriceListId', t: 'string', nul: 1, fmt: 'uuid' },
];

/** TermsOfPaymentApi. */
export const TERMSOFPAYMENT_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'Name', t: 'string', nul: 1 },
  { n: 'NameEnglish', t: 'string', nul: 1 },
  { n: 'NumberOfDays', t: 'integer' },
  { n: 'TermsOfPaymentTypeId', t: 'integer' },
  { n: 'TermsOfPaymentTypeText', t: 'string', nul: 1 },
  { n: 'AvailableForSales', t: 'boolean' },
  { n: 'AvailableForPurchase', t: 'boolean' },
];

/** ArticleApi. */
export const ARTICLE_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'IsActive', t: 'boolean', req: 1 },
  { n: 'Number', t: 'string', max: 40, req: 1 },
  { n: 'Name', t: 'string', max: 50, req: 1 },
  { n: 'NameEnglish', t: 'string', nul: 1, max: 50 },
  { n: 'NetPrice', t: 'number', min: 0, maxv: 99000000 },
  { n: 'NetPriceWithDiscount', t: 'number', min: 0, maxv: 99000000 },
  { n: 'GrossPrice', t: 'number', min: 0, maxv: 99000000 },
  { n: 'CodingId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'CodingName', t: 'string', nul: 1, ro: 1 },
  { n: 'UnitId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'UnitName', t: 'string', nul: 1, ro: 1 },
  { n: 'UnitAbbreviation', t: 'string', nul: 1, ro: 1 },
  { n: 'StockBalance', t: 'number', min: -1000000000000000, maxv: 1000000000000000 },
  { n: 'StockBalanceManuallyChangedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'StockBalanceReserved', t: 'number', ro: 1 },
  { n: 'StockBalanceAvailable', t: 'number', ro: 1 },
  { n: 'CreatedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'ChangedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'HouseWorkType', t: 'integer', nul: 1 },
  { n: 'PurchasePrice', t: 'number', min: 0, maxv: 99000000 },
  { n: 'PurchasePriceManuallyChangedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'SendToWebshop', t: 'boolean' },
  { n: 'UsesMoss', t: 'boolean' },
  { n: 'ArticleLabels', t: 'array', nul: 1, items: 'ArticleLabelApi' },
  { n: 'MessageThreads', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'Notes', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'Note', t: 'string', nul: 1, max: 4000 },
  { n: 'IsStock', t: 'boolean' },
  { n: 'ShowStockInformation', t: 'boolean', ro: 1 },
  { n: 'IsServiceArticle', t: 'boolean', ro: 1 },
  { n: 'StockLocationReference', t: 'string', nul: 1 },
  { n: 'FreightCosts', t: 'number', min: 0, maxv: 99000000 },
  { n: 'FreightCostsManuallyChangedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'UpdateStockPrices', t: 'boolean' },
  { n: 'Barcodes', t: 'array', nul: 1, items: 'ArticleBarcodeApi' },
  { n: 'StockValue', t: 'number', ro: 1 },
  { n: 'GreenTechnologyType', t: 'integer', nul: 1 },
  { n: 'DiscountPercentage', t: 'number' },
  { n: 'CurrencyCode', t: 'string', nul: 1, max: 3 },
  { n: 'PurchasePriceWithCurrency', t: 'number' },
  { n: 'FreightCostWithCurrency', t: 'number' },
  { n: 'OrderingPoint', t: 'number', nul: 1 },
  { n: 'SupplierId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'SupplierArticleNumber', t: 'string', nul: 1, max: 16 },
];

/** VatCodeApi. */
export const VATCODE_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'Code', t: 'string', nul: 1 },
  { n: 'Description', t: 'string', nul: 1 },
  { n: 'VatRate', t: 'number' },
  { n: 'OssCodeType', t: 'integer' },
  { n: 'RelatedAccounts', t: 'object', ref: 'RelatedAccounts' },
];

/** AccountApi. */
export const ACCOUNT_FIELDS: readonly FieldSpec[] = [
  { n: 'Name', t: 'string', max: 100, req: 1 },
  { n: 'Number', t: 'string', req: 1 },
  { n: 'VatCodeId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'VatCodeDescription', t: 'string', nul: 1, ro: 1 },
  { n: 'FiscalYearId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'ReferenceCode', t: 'string', nul: 1, ro: 1 },
  { n: 'Type', t: 'integer', ro: 1 },
  { n: 'TypeDescription', t: 'string', nul: 1, ro: 1 },
  { n: 'ModifiedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'CreatedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'IsActive', t: 'boolean', req: 1 },
  { n: 'AllowTransactionText', t: 'boolean' },
  { n: 'IsFirstCostCenterMandatory', t: 'boolean' },
  { n: 'IsProjectAllowed', t: 'boolean' },
  { n: 'IsCostCenterAllowed', t: 'boolean' },
  { n: 'IsBlockedForManualBooking', t: 'boolean' },
  { n: 'Description', t: 'string', nul: 1, ro: 1 },
];

/** FiscalYearApi. */
export const FISCALYEAR_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'StartDate', t: 'string', fmt: 'date-time' },
  { n: 'EndDate', t: 'string', fmt: 'date-time' },
  { n: 'IsLockedForAccounting', t: 'boolean', ro: 1 },
  { n: 'BookkeepingMethod', t: 'integer', ro: 1 },
];

/** UnitApi. */
export const UNIT_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'Name', t: 'string', nul: 1 },
  { n: 'Code', t: 'string', nul: 1 },
  { n: 'Abbreviation', t: 'string', nul: 1 },
  { n: 'AbbreviationEnglish', t: 'string', nul: 1 },
];

/** ArticleAccountCodingApi. */
export const ARTICLEACCOUNTCODING_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'Name', t: 'string', nul: 1 },
  { n: 'NameEnglish', t: 'string', nul: 1 },
  { n: 'Type', t: 'string', nul: 1 },
  { n: 'VatRate', t: 'string', nul: 1 },
  { n: 'IsActive', t: 'boolean' },
  { n: 'VatRatePercent', t: 'number' },
  { n: 'DomesticSalesSubjectToReversedConstructionVatAccountNumber', t: 'integer', nul: 1 },
  { n: 'DomesticSalesSubjectToVatAccountNumber', t: 'integer', nul: 1 },
  { n: 'DomesticSalesVatExemptAccountNumber', t: 'integer', nul: 1 },
  { n: 'ForeignSalesSubjectToMossAccountNumber', t: 'integer', nul: 1 },
  { n: 'ForeignSalesSubjectToThirdPartySalesAccountNumber', t: 'integer', nul: 1 },
  { n: 'ForeignSalesSubjectToVatWithinEuAccountNumber', t: 'integer', nul: 1 },
  { n: 'ForeignSalesVatExemptOutsideEuAccountNumber', t: 'integer', nul: 1 },
  { n: 'ForeignSalesVatExemptWithinEuAccountNumber', t: 'integer', nul: 1 },
  { n: 'DomesticSalesVatCodeExemptAccountNumber', t: 'integer', nul: 1 },
  { n: 'ChangedUtc', t: 'string', fmt: 'date-time', ro: 1 },
];

/** BankAccountApi. */
export const BANKACCOUNT_FIELDS: readonly FieldSpec[] = [
  { n: 'Bank', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'BankAccountType', t: 'integer', req: 1 },
  { n: 'BankAccountTypeDescription', t: 'string', nul: 1, ro: 1 },
  { n: 'Bban', t: 'string', nul: 1, max: 35 },
  { n: 'Iban', t: 'string', nul: 1, max: 35 },
  { n: 'Name', t: 'string', max: 200, req: 1 },
  { n: 'NameEnglish', t: 'string', nul: 1, max: 200 },
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'IsActive', t: 'boolean' },
  { n: 'LedgerAccountNumber', t: 'integer', req: 1 },
  { n: 'HasActiveBankAgreement', t: 'boolean' },
  { n: 'IsDefaultChequeAccount', t: 'boolean' },
  { n: 'CurrencyCode', t: 'string', nul: 1, ro: 1 },
  { n: 'ModifiedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'Balance', t: 'object', ref: 'BalanceAndDateApi' },
  { n: 'BankAccountHolderName', t: 'string', nul: 1 },
  { n: 'IsEnabledDirectDebit', t: 'boolean', nul: 1, ro: 1 },
  { n: 'DirectDebitCreditorId', t: 'string', nul: 1, ro: 1 },
  { n: 'DirectDebitBatchBooking', t: 'boolean', nul: 1, ro: 1 },
  { n: 'DirectDebitSendDirectlyToBank', t: 'boolean', nul: 1, ro: 1 },
];

/** CustomerInvoiceDraftApi. */
export const CUSTOMERINVOICEDRAFT_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'CustomerId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'CreatedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'IsCreditInvoice', t: 'boolean' },
  { n: 'RotReducedInvoicingType', t: 'integer', req: 1 },
  { n: 'RotReducedInvoicingPropertyName', t: 'string', nul: 1, max: 40 },
  { n: 'RotReducedInvoicingOrgNumber', t: 'string', nul: 1, max: 11 },
  { n: 'MaxAllowedTaxReductionAmount', t: 'number', ro: 1 },
  { n: 'RotReducedInvoicingAmount', t: 'number' },
  { n: 'RotReducedInvoicingAutomaticDistribution', t: 'boolean' },
  { n: 'RotPropertyType', t: 'integer', nul: 1 },
  { n: 'HouseWorkOtherCosts', t: 'number', nul: 1 },
  { n: 'Rows', t: 'array', nul: 1, items: 'CustomerInvoiceDraftRowApi' },
  { n: 'Persons', t: 'array', nul: 1, items: 'SalesDocumentRotRutReductionPersonApi' },
  { n: 'YourReference', t: 'string', nul: 1, max: 100 },
  { n: 'OurReference', t: 'string', nul: 1, max: 100 },
  { n: 'BuyersOrderReference', t: 'string', nul: 1, max: 35 },
  { n: 'ElectronicReference', t: 'string', nul: 1, max: 100 },
  { n: 'SubscriptionNumber', t: 'string', nul: 1, max: 100 },
  { n: 'ContractNumber', t: 'string', nul: 1, max: 100 },
  { n: 'InvoiceCustomerName', t: 'string', nul: 1, max: 50, ro: 1 },
  { n: 'InvoiceAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'InvoicePostalCode', t: 'string', nul: 1, max: 10, ro: 1 },
  { n: 'InvoiceCity', t: 'string', nul: 1, max: 50, ro: 1 },
  { n: 'InvoiceCountryCode', t: 'string', nul: 1, max: 2, ro: 1 },
  { n: 'InvoiceCurrencyCode', t: 'string', nul: 1, ro: 1 },
  { n: 'DeliveryCustomerName', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryPostalCode', t: 'string', nul: 1, max: 10 },
  { n: 'DeliveryCity', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryCountryCode', t: 'string', nul: 1, max: 2 },
  { n: 'DeliveryMethodName', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryTermName', t: 'string', nul: 1, max: 50 },
  { n: 'TermsOfPaymentId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'DeliveryMethodCode', t: 'string', nul: 1, max: 20 },
  { n: 'DeliveryTermCode', t: 'string', nul: 1, max: 20 },
  { n: 'EuThirdParty', t: 'boolean', req: 1 },
  { n: 'CustomerIsPrivatePerson', t: 'boolean', ro: 1 },
  { n: 'ReverseChargeOnConstructionServices', t: 'boolean', ro: 1 },
  { n: 'SalesDocumentAttachments', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'MessageThreads', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'Notes', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'InvoiceDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'DueDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'DeliveryDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'TotalAmount', t: 'number', ro: 1 },
  { n: 'TotalVatAmount', t: 'number', ro: 1 },
  { n: 'TotalRoundings', t: 'number', ro: 1 },
  { n: 'TotalAmountBaseCurrency', t: 'number', ro: 1 },
  { n: 'TotalVatAmountBaseCurrency', t: 'number', ro: 1 },
  { n: 'CustomerNumber', t: 'string', nul: 1, max: 16, ro: 1 },
  { n: 'CustomerName', t: 'string', nul: 1, ro: 1 },
  { n: 'IncludesVat', t: 'boolean', ro: 1 },
  { n: 'ReplaceUnitPriceWhenZero', t: 'boolean' },
  { n: 'UsesGreenTechnology', t: 'boolean' },
  { n: 'ContributionMargin', t: 'object', ref: 'ContributionMarginApi' },
  { n: 'IsDirectDebit', t: 'boolean', nul: 1 },
  { n: 'BackgroundId', t: 'string', nul: 1, fmt: 'uuid' },
];

/** CustomerInvoiceDraftRowApi. */
export const CUSTOMERINVOICEDRAFTROW_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'LineNumber', t: 'integer', nul: 1, min: 0, maxv: 1000 },
  { n: 'ArticleId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'IsServiceArticle', t: 'boolean', ro: 1 },
  { n: 'UnitId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'ArticleNumber', t: 'string', nul: 1 },
  { n: 'IsTextRow', t: 'boolean', req: 1 },
  { n: 'Text', t: 'string', nul: 1, max: 2000 },
  { n: 'UnitPrice', t: 'number' },
  { n: 'IsDiscountInFixedAmount', t: 'boolean', ro: 1 },
  { n: 'DiscountFixedAmount', t: 'number', nul: 1, ro: 1 },
  { n: 'DiscountPercentage', t: 'number', min: 0, maxv: 1 },
  { n: 'Quantity', t: 'number' },
  { n: 'WorkCostType', t: 'integer' },
  { n: 'IsWorkCost', t: 'boolean' },
  { n: 'WorkHours', t: 'number', nul: 1 },
  { n: 'MaterialCosts', t: 'number', nul: 1 },
  { n: 'ReversedConstructionServicesVatFree', t: 'boolean', req: 1 },
  { n: 'CostCenterItemId1', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'CostCenterItemId2', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'CostCenterItemId3', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'UnitAbbreviation', t: 'string', nul: 1 },
  { n: 'UnitAbbreviationEnglish', t: 'string', nul: 1 },
  { n: 'VatRateId', t: 'string', nul: 1, ro: 1 },
  { n: 'VatRate', t: 'number', nul: 1, ro: 1 },
  { n: 'UnitName', t: 'string', nul: 1 },
  { n: 'ProjectId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'GreenTechnologyType', t: 'integer', min: 0, maxv: 3 },
  { n: 'ContributionMargin', t: 'object', ref: 'ContributionMarginApi' },
  { n: 'PurchasePrice', t: 'number', ro: 1 },
  { n: 'Amount', t: 'number', ro: 1 },
  { n: 'FreightCosts', t: 'number', ro: 1 },
];

/** CustomerInvoiceApi. */
export const CUSTOMERINVOICE_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'EuThirdParty', t: 'boolean', req: 1 },
  { n: 'IsCreditInvoice', t: 'boolean' },
  { n: 'CurrencyCode', t: 'string', nul: 1, ro: 1 },
  { n: 'CurrencyRate', t: 'number', nul: 1 },
  { n: 'CreatedByUserId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'TotalAmount', t: 'number', ro: 1 },
  { n: 'TotalVatAmount', t: 'number', ro: 1 },
  { n: 'TotalRoundings', t: 'number', ro: 1 },
  { n: 'TotalAmountInvoiceCurrency', t: 'number', ro: 1 },
  { n: 'TotalVatAmountInvoiceCurrency', t: 'number', ro: 1 },
  { n: 'SetOffAmountInvoiceCurrency', t: 'number', ro: 1 },
  { n: 'CustomerId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'Rows', t: 'array', items: 'CustomerInvoiceRowApi', req: 1 },
  { n: 'VatSpecification', t: 'array', nul: 1, ro: 1, items: 'CustomerInvoiceVatApi' },
  { n: 'InvoiceDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'DueDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'DeliveryDate', t: 'string', nul: 1, fmt: 'date-time' },
  { n: 'RotReducedInvoicingType', t: 'integer', min: 0, maxv: 2, req: 1 },
  { n: 'MaxAllowedTaxReductionAmount', t: 'number', ro: 1 },
  { n: 'RotReducedInvoicingAmount', t: 'number', nul: 1 },
  { n: 'RotReducedInvoicingPercent', t: 'number', ro: 1 },
  { n: 'RotReducedInvoicingPropertyName', t: 'string', nul: 1 },
  { n: 'RotReducedInvoicingOrgNumber', t: 'string', nul: 1, max: 11 },
  { n: 'Persons', t: 'array', nul: 1, items: 'SalesDocumentRotRutReductionPersonApi' },
  { n: 'RotReducedInvoicingAutomaticDistribution', t: 'boolean', ro: 1 },
  { n: 'ElectronicReference', t: 'string', nul: 1 },
  { n: 'SubscriptionNumber', t: 'string', nul: 1, max: 100 },
  { n: 'ContractNumber', t: 'string', nul: 1, max: 100 },
  { n: 'ElectronicAddress', t: 'string', nul: 1, ro: 1 },
  { n: 'EdiServiceDelivererId', t: 'string', nul: 1, max: 50 },
  { n: 'OurReference', t: 'string', nul: 1, max: 100 },
  { n: 'YourReference', t: 'string', nul: 1, max: 100 },
  { n: 'BuyersOrderReference', t: 'string', nul: 1, max: 35 },
  { n: 'InvoiceCustomerName', t: 'string', nul: 1, ro: 1 },
  { n: 'InvoiceAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'InvoicePostalCode', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceCity', t: 'string', nul: 1, max: 50 },
  { n: 'InvoiceCountryCode', t: 'string', nul: 1, max: 2 },
  { n: 'DeliveryCustomerName', t: 'string', nul: 1, max: 100 },
  { n: 'DeliveryAddress1', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryAddress2', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryPostalCode', t: 'string', nul: 1, max: 10 },
  { n: 'DeliveryCity', t: 'string', nul: 1, max: 50 },
  { n: 'DeliveryCountryCode', t: 'string', nul: 1, max: 2 },
  { n: 'DeliveryMethodName', t: 'string', nul: 1, ro: 1 },
  { n: 'DeliveryTermName', t: 'string', nul: 1, ro: 1 },
  { n: 'DeliveryMethodCode', t: 'string', nul: 1, ro: 1 },
  { n: 'DeliveryTermCode', t: 'string', nul: 1, ro: 1 },
  { n: 'CustomerIsPrivatePerson', t: 'boolean', ro: 1 },
  { n: 'TermsOfPaymentId', t: 'string', fmt: 'uuid' },
  { n: 'CustomerEmail', t: 'string', nul: 1, ro: 1 },
  { n: 'InvoiceNumber', t: 'integer', ro: 1 },
  { n: 'CustomerNumber', t: 'string', nul: 1, ro: 1 },
  { n: 'CustomerName', t: 'string', nul: 1, ro: 1 },
  { n: 'PaymentReferenceNumber', t: 'string', nul: 1, ro: 1 },
  { n: 'RotPropertyType', t: 'integer', nul: 1, min: 1, maxv: 2 },
  { n: 'SalesDocumentAttachments', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'MessageThreads', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'Notes', t: 'array', nul: 1, ro: 1, items: 'string' },
  { n: 'HasAutoInvoiceError', t: 'boolean', ro: 1 },
  { n: 'IsNotDelivered', t: 'boolean', ro: 1 },
  { n: 'ReverseChargeOnConstructionServices', t: 'boolean', ro: 1 },
  { n: 'WorkHouseOtherCosts', t: 'number', nul: 1 },
  { n: 'RemainingAmount', t: 'number', ro: 1 },
  { n: 'RemainingAmountInvoiceCurrency', t: 'number', ro: 1 },
  { n: 'ReferringInvoiceId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'CreatedFromOrderId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'CreatedFromQuoteId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'CreatedFromDraftId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'VoucherNumber', t: 'string', nul: 1, ro: 1 },
  { n: 'VoucherId', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'CreatedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'ModifiedUtc', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'ReversedConstructionVatInvoicing', t: 'boolean', ro: 1 },
  { n: 'IncludesVat', t: 'boolean', ro: 1 },
  { n: 'SendType', t: 'integer', nul: 1 },
  { n: 'PaymentReminderIssued', t: 'boolean', ro: 1 },
  { n: 'PaymentRemindersCount', t: 'integer', ro: 1 },
  { n: 'LastPaymentReminderSentDate', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'UsesGreenTechnology', t: 'boolean' },
  { n: 'IsSold', t: 'boolean', ro: 1 },
  { n: 'FactoringInvoiceStatus', t: 'integer', ro: 1 },
  { n: 'PaymentDate', t: 'string', nul: 1, fmt: 'date-time', ro: 1 },
  { n: 'PaymentStatus', t: 'integer', ro: 1 },
  { n: 'CreditedBy', t: 'array', nul: 1, ro: 1, items: 'CreditedByApi' },
  { n: 'ContributionMargin', t: 'object', ref: 'ContributionMarginApi' },
  { n: 'IsDirectDebit', t: 'boolean', nul: 1 },
  { n: 'IsQuickInvoice', t: 'boolean', ro: 1 },
  { n: 'IsCollectiveInvoice', t: 'boolean', ro: 1 },
  {
    n: 'CollectiveCustomerInvoiceRowsRelationToOrders',
    t: 'array',
    nul: 1,
    ro: 1,
    items: 'CollectiveCustomerInvoiceRelationToOrderApi',
  },
  { n: 'ReplaceUnitPriceWhenZero', t: 'boolean' },
  { n: 'TaxDeductionStatus', t: 'integer', ro: 1 },
  { n: 'BackgroundId', t: 'string', nul: 1, fmt: 'uuid' },
];

/** CustomerInvoiceRowApi. */
export const CUSTOMERINVOICEROW_FIELDS: readonly FieldSpec[] = [
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'ArticleNumber', t: 'string', nul: 1, ro: 1 },
  { n: 'ArticleId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'IsServiceArticle', t: 'boolean', ro: 1 },
  { n: 'AmountNoVat', t: 'number', ro: 1 },
  { n: 'PercentVat', t: 'number', ro: 1 },
  { n: 'VatRate', t: 'number', nul: 1, ro: 1 },
  { n: 'LineNumber', t: 'integer', ro: 1 },
  { n: 'IsTextRow', t: 'boolean', ro: 1 },
  { n: 'Text', t: 'string', nul: 1, max: 2000 },
  { n: 'UnitPrice', t: 'number' },
  { n: 'UnitAbbreviation', t: 'string', nul: 1, ro: 1 },
  { n: 'UnitAbbreviationEnglish', t: 'string', nul: 1, ro: 1 },
  { n: 'IsDiscountInFixedAmount', t: 'boolean', ro: 1 },
  { n: 'DiscountFixedAmount', t: 'number', nul: 1, ro: 1 },
  { n: 'DiscountPercentage', t: 'number', min: 0, maxv: 1 },
  { n: 'Quantity', t: 'number' },
  { n: 'IsWorkCost', t: 'boolean', ro: 1 },
  { n: 'IsVatFree', t: 'boolean' },
  { n: 'CostCenterItemId1', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'CostCenterItemId2', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'CostCenterItemId3', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'UnitId', t: 'string', nul: 1, fmt: 'uuid', ro: 1 },
  { n: 'ProjectId', t: 'string', nul: 1, fmt: 'uuid' },
  { n: 'WorkCostType', t: 'integer' },
  { n: 'WorkHours', t: 'number', nul: 1 },
  { n: 'MaterialCosts', t: 'number', nul: 1 },
  { n: 'GreenTechnologyType', t: 'integer', min: 0, maxv: 3 },
  { n: 'ContributionMargin', t: 'object', ref: 'ContributionMarginApi' },
  { n: 'PurchasePrice', t: 'number', ro: 1 },
  { n: 'FreightCosts', t: 'number', ro: 1 },
  { n: 'Amount', t: 'number', ro: 1 },
];

/** InvoicePaymentApi. */
export const INVOICEPAYMENT_FIELDS: readonly FieldSpec[] = [
  { n: 'CompanyBankAccountId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'PaymentDate', t: 'string', fmt: 'date-time' },
  { n: 'Reference', t: 'string', nul: 1, max: 100 },
  { n: 'PaymentAmount', t: 'number', req: 1 },
  { n: 'PaymentCurrency', t: 'string', req: 1 },
  { n: 'DomesticPaymentAmount', t: 'number' },
  { n: 'BankFeeAmount', t: 'number', min: 0, maxv: 1000000000 },
  { n: 'PaymentType', t: 'integer', min: 1, maxv: 4, req: 1 },
  { n: 'FactoringFeeAmount', t: 'number' },
  { n: 'FactoringFeeAccountNumber', t: 'integer' },
  { n: 'BankTransactionId', t: 'string', fmt: 'uuid', ro: 1 },
];

/** CustomerLedgerItemApi. */
export const CUSTOMERLEDGERITEM_FIELDS: readonly FieldSpec[] = [
  { n: 'CurrencyCode', t: 'string', max: 3, req: 1 },
  { n: 'CurrencyRate', t: 'number' },
  { n: 'CurrencyRateUnit', t: 'integer' },
  { n: 'CustomerId', t: 'string', fmt: 'uuid', req: 1 },
  { n: 'DueDate', t: 'string', fmt: 'date-time' },
  { n: 'Id', t: 'string', fmt: 'uuid', ro: 1 },
  { n: 'InvoiceDate', t: 'string', fmt: 'date-time' },
  { n: 'InvoiceNumber', t: 'integer', req: 1 },
  { n: 'IsCreditInvoice', t: 'boolean', req: 1 },
  { n: 'ModifiedUtc', t: 'string', fmt: 'date-time', ro: 1 },
  { n: 'PaymentReferenceNumber', t: 'string', nul: 1, max: 50 },
  { n: 'RemainingAmountInvoiceCurrency', t: 'number', min: -99999999.99, maxv: 99999999.99, req: 1 },
  { n: 'RoundingsAmountInvoiceCurrency', t: 'number' },
  { n: 'TotalAmountInvoiceCurrency', t: 'number', min: -99999999.99, maxv: 99999999.99, req: 1 },
  { n: 'VATAmountInvoiceCurrency', t: 'number' },
  { n: 'VoucherId', t: 'string', fmt: 'uuid', req: 1 },
];

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The value a property has when nothing set it (what .NET serialises for an unset member). */
function defaultOf(f: FieldSpec): unknown {
  if (f.nul) return null;
  switch (f.t) {
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 0;
    case 'array':
      return [];
    case 'string':
      return f.fmt === 'uuid' ? NIL_UUID : f.fmt === 'date-time' ? '0001-01-01T00:00:00' : '';
    default:
      return undefined;
  }
}

/**
 * A record with every declared property at its default, in the document's order (nested objects that are not
 * nullable are left out; callers set the ones they serve).
 */
export function template(fields: readonly FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = defaultOf(f);
    if (v !== undefined) out[f.n] = v;
  }
  return out;
}

/** The property names of an entity (for `$filter`/`$orderby`). */
export function fieldNames(fields: readonly FieldSpec[]): ReadonlySet<string> {
  return new Set(fields.map((f) => f.n));
}

/** One entry of the error body's `Errors[]` (CommonError). */
export interface FieldError {
  Field: string | null;
  ErrorCode: string | null;
  Message: string | null;
  Key: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * Reads the writable properties of a request body against a field table: read-only and unknown properties are
 * ignored (ASP.NET model binding), and every type, length, range and required-field problem is collected as a
 * CommonError. `prefix` names nested rows (`Rows[0].Quantity`).
 */
export function readWritable(
  body: unknown,
  fields: readonly FieldSpec[],
  errors: FieldError[],
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    errors.push(err(prefix || null, 'InvalidType', 'The request body must be a JSON object.'));
    return out;
  }
  const src = body as Record<string, unknown>;
  for (const f of fields) {
    if (f.ro) continue;
    const name = `${prefix}${f.n}`;
    const has = Object.prototype.hasOwnProperty.call(src, f.n);
    const v = src[f.n];
    if (!has || v === undefined) {
      if (f.req) errors.push(err(name, 'Required', `The ${f.n} field is required.`));
      continue;
    }
    if (v === null) {
      if (f.req || (!f.nul && f.t !== 'object' && f.t !== 'array'))
        errors.push(err(name, 'Required', `The ${f.n} field is required.`));
      else out[f.n] = null;
      continue;
    }
    const bad = (): void => {
      errors.push(err(name, 'InvalidType', `The value for ${f.n} is not a valid ${f.fmt ?? f.t}.`));
    };
    switch (f.t) {
      case 'string': {
        if (typeof v !== 'string') {
          bad();
          break;
        }
        if (f.fmt === 'uuid' && !UUID_RE.test(v)) {
          bad();
          break;
        }
        if (f.fmt === 'date-time' && (!DATE_TIME_RE.test(v) || parseIsoMs(v) === undefined)) {
          bad();
          break;
        }
        if (f.max !== undefined && v.length > f.max) {
          errors.push(err(name, 'MaxLength', `${f.n} must be at most ${f.max} characters long.`));
          break;
        }
        out[f.n] = f.fmt === 'uuid' ? v.toLowerCase() : v;
        break;
      }
      case 'number':
      case 'integer': {
        if (typeof v !== 'number' || !Number.isFinite(v) || (f.t === 'integer' && !Number.isInteger(v))) {
          bad();
          break;
        }
        if ((f.min !== undefined && v < f.min) || (f.maxv !== undefined && v > f.maxv)) {
          errors.push(err(name, 'Range', `${f.n} must be between ${f.min ?? '-∞'} and ${f.maxv ?? '∞'}.`));
          break;
        }
        out[f.n] = v;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') bad();
        else out[f.n] = v;
        break;
      case 'array':
        if (!Array.isArray(v)) bad();
        else out[f.n] = v;
        break;
      default:
        if (typeof v !== 'object' || Array.isArray(v)) bad();
        else out[f.n] = v;
    }
  }
  return out;
}

function err(field: string | null, code: string, message: string): FieldError {
  return { Field: field, ErrorCode: code, Message: message, Key: field };
}

/** A CommonError entry for a business-rule problem on one field. */
export function fieldError(field: string | null, code: string, message: string): FieldError {
  return err(field, code, message);
}
