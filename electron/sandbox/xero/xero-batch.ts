import type { SimResponse } from '../kit/http-kit';
import { ElementError, envelope, validationException, type XeroCtx } from './xero-context';

/**
 * Processes the elements of a write one at a time (xero-notes.md §4.2 item 3). With `summarizeErrors=false`
 * the answer is 200 with every element marked OK or ERROR; by default any failed element makes it a 400
 * ValidationException listing the failed elements, while the good ones stay committed (the partial save of
 * §2.2). `bind` runs over every element first, so JSON that will not bind fails the request before anything
 * is written (BindError → 400 PostDataInvalidException).
 */
export function runBatch<B>(
  ctx: XeroCtx,
  elements: unknown[],
  plural: string,
  errorFlag: 'HasErrors' | 'HasValidationErrors' | null,
  bind: (el: unknown) => B,
  apply: (bound: B) => Record<string, unknown>,
): SimResponse {
  const bound = elements.map((el) => bind(el));
  const results: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  bound.forEach((b, i) => {
    try {
      results.push({ ...apply(b), StatusAttributeString: 'OK' });
    } catch (e) {
      if (!(e instanceof ElementError)) throw e;
      const raw = elements[i];
      const echo: Record<string, unknown> = {
        ...(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}),
        ...e.ids,
        ...(errorFlag ? { [errorFlag]: true } : {}),
        StatusAttributeString: 'ERROR',
        ValidationErrors: e.messages.map((Message) => ({ Message })),
      };
      results.push(echo);
      failed.push(echo);
    }
  });
  if (failed.length > 0 && ctx.summarize) return validationException(failed);
  return envelope(ctx, { [plural]: results });
}
