// The one place Monaco is imported (ESLint enforces it). Loaded with a dynamic import() after the first paint,
// so none of it is in the initial bundle. Only the editor core plus the contributions an expression field needs:
// no bundled languages.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/placeholderText/browser/placeholderText.contribution';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import { jsonataFunctions } from './jsonata-functions';

/** A field the autocomplete offers: its JSONata path and what it is. */
export interface FieldSuggestion {
  readonly path: string;
  readonly label: string;
  readonly type?: string;
}

// Workers are bundled by Vite (no CDN; CSP `worker-src 'self' blob:`). The package maps `monaco-editor/*` to
// `esm/vs/*`, so this is esm/vs/editor/editor.worker.js.
self.MonacoEnvironment = {
  getWorker: () =>
    new Worker(new URL('monaco-editor/editor/editor.worker.js', import.meta.url), { type: 'module' }),
};

export const JSONATA = 'jsonata';

monaco.languages.register({ id: JSONATA });
monaco.languages.setLanguageConfiguration(JSONATA, {
  brackets: [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: "'", close: "'", notIn: ['string'] },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  comments: { blockComment: ['/*', '*/'] },
  wordPattern: /(\$?[A-Za-z_][\w]*)|(-?\d*\.\d\w*)|([^\s`~!@#%^&*()\-=+[{\]}\\|;:'",.<>/?]+)/,
});
// JSONata's grammar in Monarch: https://docs.jsonata.org/programming
monaco.languages.setMonarchTokensProvider(JSONATA, {
  keywords: ['and', 'or', 'in', 'true', 'false', 'null', 'function'],
  tokenizer: {
    root: [
      [/\/\*/, 'comment', '@comment'],
      [/\$[A-Za-z_]\w*(?=\s*\()/, 'predefined'],
      [/\$[A-Za-z_]\w*|\$\$|\$/, 'variable'],
      [/[A-Za-z_]\w*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/`[^`]*`/, 'identifier'],
      [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/"([^"\\]|\\.)*$/, 'string.invalid'],
      [/'([^'\\]|\\.)*$/, 'string.invalid'],
      [/:=|~>|!=|<=|>=|\.\.|\?:|\?\?|[&=<>+\-*/%!?:.]/, 'operator'],
      [/[()[\]{}]/, '@brackets'],
      [/[,;]/, 'delimiter'],
    ],
    comment: [
      [/[^*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/\*/, 'comment'],
    ],
  },
});

const tokenRules = (dark: boolean): monaco.editor.ITokenThemeRule[] => [
  { token: 'predefined', foreground: dark ? 'c4a7ff' : '7c3aed' },
  { token: 'variable', foreground: dark ? '8ab4ff' : '1d4ed8' },
  { token: 'identifier', foreground: dark ? 'e6e6ec' : '16181d' },
  { token: 'keyword', foreground: dark ? 'ff9eb0' : 'be185d' },
  { token: 'string', foreground: dark ? '86efac' : '15803d' },
  { token: 'string.invalid', foreground: dark ? 'f87171' : 'dc2626' },
  { token: 'number', foreground: dark ? 'fbbf24' : 'b45309' },
  { token: 'operator', foreground: dark ? 'a8adbb' : '646977' },
  { token: 'comment', foreground: dark ? '8f929e' : '8a8f9c', fontStyle: 'italic' },
];
monaco.editor.defineTheme('ledgerflow-light', {
  base: 'vs',
  inherit: true,
  rules: tokenRules(false),
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#00000000',
    'editorBracketMatch.border': '#4f46e5',
  },
});
monaco.editor.defineTheme('ledgerflow-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: tokenRules(true),
  colors: {
    'editor.background': '#16171b',
    'editor.lineHighlightBackground': '#00000000',
    'editorBracketMatch.border': '#6366f1',
  },
});

/** The fields each model's autocomplete offers, by model URI (one model per expression field). */
const fieldsByModel = new Map<string, readonly FieldSuggestion[]>();

/** Sets the input fields offered while editing this model. */
export function setModelFields(model: monaco.editor.ITextModel, fields: readonly FieldSuggestion[]): void {
  fieldsByModel.set(model.uri.toString(), fields);
}

/** Forgets a disposed model's fields. */
export function forgetModel(model: monaco.editor.ITextModel): void {
  fieldsByModel.delete(model.uri.toString());
}

monaco.languages.registerCompletionItemProvider(JSONATA, {
  triggerCharacters: ['$', '.'],
  provideCompletionItems(model, position) {
    const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    // The path being typed: letters, digits, dots and a leading $ (JSONata paths like contact.number).
    const typed = /[$A-Za-z_][\w.]*$|\$$/.exec(line)?.[0] ?? '';
    const range = new monaco.Range(
      position.lineNumber,
      position.column - typed.length,
      position.lineNumber,
      position.column,
    );
    const suggestions: monaco.languages.CompletionItem[] = [];
    if (!typed.startsWith('$')) {
      for (const field of fieldsByModel.get(model.uri.toString()) ?? [])
        suggestions.push({
          label: { label: field.path, description: field.label },
          kind: monaco.languages.CompletionItemKind.Field,
          detail: field.type ? `${field.label} (${field.type})` : field.label,
          insertText: field.path,
          filterText: field.path,
          sortText: `0${field.path}`,
          range,
        });
    }
    for (const fn of jsonataFunctions)
      suggestions.push({
        label: { label: fn.name, description: fn.signature },
        kind: monaco.languages.CompletionItemKind.Function,
        detail: fn.signature,
        documentation: fn.doc,
        insertText: `${fn.name}($0)`,
        insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
        filterText: fn.name,
        sortText: `1${fn.name}`,
        range,
      });
    return { suggestions };
  },
});

/** Follows the app's theme (the `data-theme` attribute on <html>). */
function followTheme(): void {
  const apply = () =>
    monaco.editor.setTheme(
      document.documentElement.dataset.theme === 'dark' ? 'ledgerflow-dark' : 'ledgerflow-light',
    );
  apply();
  new MutationObserver(apply).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
}
followTheme();

export { monaco };
