import { z } from 'zod';
import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';

/** What the keychain holds for one connection: never sent to the renderer, never logged, never exported. */
export const connectionSecretsSchema = z.object({
  /** The OAuth client secret (confidential apps only; PKCE apps have none). */
  clientSecret: z.string().optional(),
  accessToken: z.string().optional(),
  /** Epoch ms. */
  accessTokenExpiresAt: z.number().optional(),
  refreshToken: z.string().optional(),
  /**
   * The refresh token the current one replaced. Rotation (xero-notes.md §2.4) retires it after a grace period;
   * it is kept so that a refresh whose answer was saved by another process, or lost, can still recover.
   */
  previousRefreshToken: z.string().optional(),
});

/** One connection's secrets. */
export type ConnectionSecrets = z.infer<typeof connectionSecretsSchema>;

/** The keychain as the host uses it: one entry per connection (account = connection id). */
export interface SecretVault {
  read(account: string): Promise<ConnectionSecrets | undefined>;
  /** Replaces the entry atomically (one keychain item). */
  write(account: string, secrets: ConnectionSecrets): Promise<void>;
  remove(account: string): Promise<boolean>;
}

/** The keychain service name (ARCHITECTURE.md §1). */
export const VAULT_SERVICE = 'ledgerflow';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Vault, the Secret Service (gnome-keyring,
 * KWallet) on Linux. Each connection is one item (service `ledgerflow`, account = connection id) holding its
 * secrets as JSON, so a write replaces all of them at once. `onSecret` sees every secret that passes through,
 * so the host can redact it from logs.
 */
export class KeytarVault implements SecretVault {
  private keytar: Promise<Keytar> | undefined;

  constructor(
    private readonly onSecret: (secret: string) => void = () => undefined,
    private readonly service: string = VAULT_SERVICE,
  ) {}

  async read(account: string): Promise<ConnectionSecrets | undefined> {
    const text = await this.use('read', (k) => k.getPassword(this.service, account));
    if (text === null) return undefined;
    let parsed: ConnectionSecrets;
    try {
      parsed = connectionSecretsSchema.parse(JSON.parse(text));
    } catch {
      throw createError('LF-2004', 'The saved credentials of this connection cannot be read; reconnect it');
    }
    this.register(parsed);
    return parsed;
  }

  async write(account: string, secrets: ConnectionSecrets): Promise<void> {
    this.register(secrets);
    const text = JSON.stringify(connectionSecretsSchema.parse(secrets));
    await this.use('write', (k) => k.setPassword(this.service, account, text));
  }

  remove(account: string): Promise<boolean> {
    return this.use('remove', (k) => k.deletePassword(this.service, account));
  }

  private register(secrets: ConnectionSecrets): void {
    for (const value of [
      secrets.clientSecret,
      secrets.accessToken,
      secrets.refreshToken,
      secrets.previousRefreshToken,
    ])
      if (value) this.onSecret(value);
  }

  private async use<T>(what: string, run: (k: Keytar) => Promise<T>): Promise<T> {
    let k: Keytar;
    try {
      this.keytar ??= import('keytar').then((m) => ((m as { default?: Keytar }).default ?? m) as Keytar);
      k = await this.keytar;
    } catch (error) {
      this.keytar = undefined;
      throw unavailable(what, error);
    }
    try {
      return await run(k);
    } catch (error) {
      if (error instanceof LedgerflowError) throw error;
      throw unavailable(what, error);
    }
  }
}

function unavailable(what: string, error: unknown): LedgerflowError {
  const reason = error instanceof Error ? error.message : String(error);
  const linux =
    process.platform === 'linux'
      ? ' On Linux this needs a running, unlocked Secret Service (gnome-keyring or KWallet) on the D-Bus session bus.'
      : '';
  return createError('LF-2008', `Could not ${what} the OS keychain: ${reason}.${linux}`, { reason });
}
