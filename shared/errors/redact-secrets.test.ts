import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('hides bearer tokens, token-like key=value pairs, JWTs and known secrets', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl';
    const text = `GET /Invoices Authorization: Bearer abc.DEF-123 refresh_token=r3fr3sh&x=1 {"client_secret": "s3cr3t"} ${jwt} key hunter22`;
    expect(redactSecrets(text, ['hunter22', 'abc'])).toBe(
      'GET /Invoices Authorization: Bearer [redacted] refresh_token=[redacted]&x=1 {"client_secret": "[redacted]"} [redacted] key [redacted]',
    );
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('Xero refused the contact: The contact name is already assigned')).toBe(
      'Xero refused the contact: The contact name is already assigned',
    );
  });
});
