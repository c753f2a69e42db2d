import type { SystemId } from '../../../shared/connectors/connector-descriptor';

/**
 * Known tax codes per system, offered as suggestions in value-map tables (pure data; the user may type others).
 * Xero: the TaxType codes of the Accounting API (UK and general set). Visma eAccounting: its Swedish VAT codes.
 * Visma.net ERP: its usual VAT category ids.
 */
export const taxCodeSuggestions: Readonly<Record<SystemId, readonly { code: string; label: string }[]>> = {
  xero: [
    { code: 'OUTPUT2', label: 'Standard rate sales (20 %)' },
    { code: 'OUTPUT', label: 'Sales, output tax' },
    { code: 'OUTPUT3', label: 'Reduced rate sales' },
    { code: 'INPUT2', label: 'Standard rate purchases (20 %)' },
    { code: 'INPUT', label: 'Purchases, input tax' },
    { code: 'EXEMPTOUTPUT', label: 'Exempt sales' },
    { code: 'EXEMPTINPUT', label: 'Exempt purchases' },
    { code: 'ZERORATEDOUTPUT', label: 'Zero rated sales' },
    { code: 'ZERORATEDINPUT', label: 'Zero rated purchases' },
    { code: 'ECZROUTPUTSERVICES', label: 'EC zero rated services' },
    { code: 'ECZROUTPUT', label: 'EC zero rated goods' },
    { code: 'NONE', label: 'No VAT' },
  ],
  'visma-eaccounting': [
    { code: 'MP1', label: 'Sales, 25 % VAT' },
    { code: 'MP2', label: 'Sales, 12 % VAT' },
    { code: 'MP3', label: 'Sales, 6 % VAT' },
    { code: 'MF', label: 'Sales, VAT exempt' },
    { code: 'OMVEU', label: 'Services sold to the EU (reverse charge)' },
    { code: 'VTEU', label: 'Goods sold to the EU' },
    { code: 'EXP', label: 'Export outside the EU' },
  ],
  'visma-net': [
    { code: '1', label: 'Sales, standard rate' },
    { code: '2', label: 'Sales, reduced rate' },
    { code: '3', label: 'Sales, low rate' },
    { code: '0', label: 'VAT exempt' },
  ],
};
