import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor/editor.api';
import { findExpressionError } from './expression-errors';
import { loadMonaco, type MonacoModule } from './load-monaco';
import type { FieldSuggestion } from './monaco-setup';

interface ExpressionEditorProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The input fields the autocomplete offers (JSONata paths). */
  readonly fields: readonly FieldSuggestion[];
  readonly ariaLabel: string;
  readonly placeholder?: string;
  readonly testId?: string;
}

const MIN_HEIGHT = 30;
const MAX_HEIGHT = 180;

/**
 * A JSONata expression in Monaco: highlighting, error markers as you type (jsonata's own parser), and
 * autocomplete of the input fields and JSONata's functions. Monaco loads lazily; until it has, a plain text
 * field stands in, so nothing waits on it.
 */
export function ExpressionEditor({
  value,
  onChange,
  fields,
  ariaLabel,
  placeholder,
  testId,
}: ExpressionEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [api, setApi] = useState<MonacoModule>();
  const editorRef = useRef<MonacoEditor.IStandaloneCodeEditor>(undefined);
  const latest = useRef({ value, onChange, fields });
  useLayoutEffect(() => {
    latest.current = { value, onChange, fields };
  });
  const [error, setError] = useState(() => findExpressionError(value));

  useEffect(() => {
    let isCurrent = true;
    loadMonaco().then(
      (loaded) => isCurrent && setApi(loaded),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, []);

  useEffect(() => {
    if (!api || !host.current) return;
    const { monaco } = api;
    const model = monaco.editor.createModel(latest.current.value, api.JSONATA);
    api.setModelFields(model, latest.current.fields);
    const editor = monaco.editor.create(host.current, {
      model,
      ariaLabel,
      placeholder,
      fontSize: 13,
      fontFamily: "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 8,
      lineNumbersMinChars: 0,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      wrappingIndent: 'same',
      renderLineHighlight: 'none',
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      overviewRulerBorder: false,
      scrollbar: {
        vertical: 'auto',
        horizontal: 'hidden',
        alwaysConsumeMouseWheel: false,
        verticalScrollbarSize: 8,
      },
      fixedOverflowWidgets: true,
      automaticLayout: true,
      padding: { top: 6, bottom: 6 },
      suggest: { showWords: false, preview: true },
      quickSuggestions: { other: true, strings: false, comments: false },
      wordBasedSuggestions: 'off',
      contextmenu: false,
      tabSize: 2,
    });
    editorRef.current = editor;

    const mark = () => {
      const found = findExpressionError(model.getValue());
      setError(found);
      monaco.editor.setModelMarkers(
        model,
        'jsonata',
        found
          ? [
              (() => {
                const start = model.getPositionAt(found.start);
                const end = model.getPositionAt(found.end);
                return {
                  severity: monaco.MarkerSeverity.Error,
                  message: found.message,
                  startLineNumber: start.lineNumber,
                  startColumn: start.column,
                  endLineNumber: end.lineNumber,
                  endColumn: end.column,
                };
              })(),
            ]
          : [],
      );
    };
    mark();
    const fit = () => {
      const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight()));
      if (host.current) host.current.style.height = `${height}px`;
    };
    fit();
    const subscriptions = [
      editor.onDidContentSizeChange(fit),
      model.onDidChangeContent(() => {
        mark();
        const text = model.getValue();
        if (text !== latest.current.value) latest.current.onChange(text);
      }),
    ];
    return () => {
      subscriptions.forEach((s) => s.dispose());
      api.forgetModel(model);
      editor.dispose();
      model.dispose();
      editorRef.current = undefined;
    };
    // ariaLabel and placeholder are fixed for an editor's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  // The document changed elsewhere (undo, a dropped field, reset): show it.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) model.setValue(value);
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && api) api.setModelFields(model, fields);
  }, [fields, api]);

  return (
    <div className={`expr${error ? ' expr-invalid' : ''}`} data-testid={testId}>
      <div ref={host} className="expr-host" style={api ? undefined : { display: 'none' }} />
      {!api && (
        <input
          className="expr-fallback"
          value={value}
          aria-label={ariaLabel}
          placeholder={placeholder}
          spellCheck={false}
          onChange={(e) => {
            onChange(e.target.value);
            setError(findExpressionError(e.target.value));
          }}
        />
      )}
      {error && (
        <div className="expr-error" role="status" data-testid="expression-error">
          {error.message}
        </div>
      )}
    </div>
  );
}
