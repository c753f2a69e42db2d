import jsonata from 'jsonata';

/** Where and why a JSONata expression fails to parse (character offsets into the text). */
export interface ExpressionError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** Parses an expression with jsonata and locates its error from the error's `position` and `token`. */
export function findExpressionError(expression: string): ExpressionError | undefined {
  if (expression.trim() === '') return undefined;
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    const e = error as { message?: string; position?: number; token?: unknown };
    const end = Math.min(
      expression.length,
      Math.max(0, typeof e.position === 'number' ? e.position : expression.length),
    );
    const tokenLength = typeof e.token === 'string' && e.token.length > 0 ? e.token.length : 1;
    const start = Math.max(0, end - tokenLength);
    return { message: e.message ?? String(error), start, end: Math.max(end, start + 1) };
  }
}
