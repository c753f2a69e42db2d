import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import { KeytarVault, VAULT_SERVICE } from './secret-vault';

/**
 * The real keychain (no mock): keytar over the Secret Service. CI runs inside a D-Bus session with an unlocked
 * gnome-keyring (.ci/run). Without one these tests fail, saying what is missing.
 */
const seen: string[] = [];
const vault = new KeytarVault((s) => seen.push(s));
const accounts: string[] = [];
const account = () => {
  const a = `test-${randomUUID()}`;
  accounts.push(a);
  return a;
};

async function requireKeychain(): Promise<void> {
  try {
    await vault.read(`probe-${randomUUID()}`);
  } catch (error) {
    throw new Error(
      `No Secret Service is reachable, so the vault cannot be tested against the real keychain. Run the tests ` +
        `inside a D-Bus session with an unlocked gnome-keyring, e.g. ` +
        `dbus-run-session -- bash -c 'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"; npx vitest run …' ` +
        `(.ci/run does this). Cause: ${(error as Error).message}`,
    );
  }
}

afterAll(async () => {
  for (const a of accounts) await vault.remove(a).catch(() => undefined);
});

describe('KeytarVault (OS keychain)', () => {
  it('stores, replaces and removes one item per connection under the ledgerflow service', async () => {
    await requireKeychain();
    expect(VAULT_SERVICE).toBe('ledgerflow');
    const a = account();
    expect(await vault.read(a)).toBeUndefined();
    await vault.write(a, { clientSecret: 'client-secret-xyz', refreshToken: 'rt-1-abcdef' });
    expect(await vault.read(a)).toEqual({ clientSecret: 'client-secret-xyz', refreshToken: 'rt-1-abcdef' });
    await vault.write(a, { refreshToken: 'rt-2-abcdef', previousRefreshToken: 'rt-1-abcdef' });
    expect(await vault.read(a)).toEqual({ refreshToken: 'rt-2-abcdef', previousRefreshToken: 'rt-1-abcdef' });
    // Directly through keytar: the item is JSON under service 'ledgerflow', account = the connection id.
    const keytar = (await import('keytar')).default;
    expect(JSON.parse((await keytar.getPassword('ledgerflow', a))!)).toMatchObject({
      refreshToken: 'rt-2-abcdef',
    });
    expect(await vault.remove(a)).toBe(true);
    expect(await vault.read(a)).toBeUndefined();
    expect(seen).toEqual(expect.arrayContaining(['client-secret-xyz', 'rt-1-abcdef', 'rt-2-abcdef']));
  });

  it('keeps connections apart', async () => {
    await requireKeychain();
    const [a, b] = [account(), account()];
    await vault.write(a, { accessToken: 'token-a-123456' });
    await vault.write(b, { accessToken: 'token-b-123456' });
    expect((await vault.read(a))?.accessToken).toBe('token-a-123456');
    expect((await vault.read(b))?.accessToken).toBe('token-b-123456');
  });

  it('reports an unreadable item as needing a reconnect, not as a crash', async () => {
    await requireKeychain();
    const a = account();
    const keytar = (await import('keytar')).default;
    await keytar.setPassword('ledgerflow', a, 'not json');
    const error = await vault.read(a).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerflowError);
    expect((error as LedgerflowError).code).toBe('LF-2004');
  });
});
