import jsonata from 'jsonata';

/** The value of an expression on a record, as the preview shows it; errors are the evaluation's message. */
export async function previewValue(
  expression: string,
  record: unknown,
): Promise<{ ok: true; text: string } | { ok: false; text: string }> {
  try {
    const value: unknown = await jsonata(expression).evaluate(record);
    return { ok: true, text: value === undefined ? '(nothing)' : JSON.stringify(value) };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the record the user typed for the preview, or says why it is not JSON. */
export function readTestRecord(text: string): { record?: unknown; error?: string } {
  if (text.trim() === '') return {};
  try {
    return { record: JSON.parse(text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
