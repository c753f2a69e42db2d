import { createError, LedgerflowError } from '../../../shared/errors/ledgerflow-error';
import type { AccessTokenSource } from '../../connectors/kit/connector';
import type { OAuthTokenSet } from '../../connectors/kit/oauth-token';
import type { ConnectionSecrets, SecretVault } from '../vault/secret-vault';

/** What the tokens of one connection need from the outside. */
export interface ConnectionTokensOptions {
  readonly connectionId: string;
  readonly vault: SecretVault;
  /**
   * Refreshes with a refresh token at the system's token endpoint (LF-2004 with oauthError on invalid_grant).
   * Client-credentials systems (Visma.net) get a new token instead and receive an empty refresh token.
   */
  readonly refresh: (refreshToken: string, secrets: ConnectionSecrets) => Promise<OAuthTokenSet>;
  /** False for client-credentials grants, which have no refresh token (default true). */
  readonly usesRefreshToken?: boolean;
  /** The grant is gone: the connection needs a reconnect. */
  readonly onGrantLost: (message: string) => void;
  readonly now?: () => number;
  /** Refresh this long before expiry (default 2 minutes). */
  readonly skewMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * One connection's access token over the vault (ARCHITECTURE.md §1). Refreshes before expiry and after a 401,
 * one refresh at a time however many calls ask. Rotation safety: the new refresh token is written to the
 * keychain together with the one it replaced before it is used, and the old one is never thrown away first;
 * a crash between the token answer and the save leaves the old token in the keychain, which the system still
 * honours for its grace period (Xero: 30 minutes), so the connection is never stranded. A revoked or expired
 * grant marks the connection "needs reconnect" and surfaces as LF-2004.
 */
export class ConnectionTokens implements AccessTokenSource {
  private current: { token: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;
  /** Secrets that could not be saved yet (keychain hiccup); saved with the next attempt. */
  private unsaved: ConnectionSecrets | undefined;
  private readonly now: () => number;
  private readonly skewMs: number;

  constructor(private readonly o: ConnectionTokensOptions) {
    this.now = o.now ?? Date.now;
    this.skewMs = o.skewMs ?? 120_000;
  }

  async accessToken(): Promise<string> {
    if (this.current && this.current.expiresAt - this.now() > this.skewMs) return this.current.token;
    if (!this.current) {
      const secrets = await this.secrets();
      if (secrets.accessToken && (secrets.accessTokenExpiresAt ?? 0) - this.now() > this.skewMs) {
        this.current = { token: secrets.accessToken, expiresAt: secrets.accessTokenExpiresAt! };
        return secrets.accessToken;
      }
    }
    return this.refreshOnce();
  }

  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    // Another call already replaced the rejected token: use the new one rather than refreshing again.
    if (this.current && this.current.token !== rejected) return this.current.token;
    this.current = undefined;
    return this.refreshOnce(true);
  }

  /** Forgets the cached token (after a reconnect wrote new secrets). */
  reset(): void {
    this.current = undefined;
    this.unsaved = undefined;
  }

  private refreshOnce(force = false): Promise<string> {
    this.inFlight ??= this.refresh(force).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refresh(force: boolean): Promise<string> {
    const secrets = await this.secrets();
    if (!force && secrets.accessToken && (secrets.accessTokenExpiresAt ?? 0) - this.now() > this.skewMs) {
      // Another process (the engine worker, a second window) refreshed and saved meanwhile.
      this.current = { token: secrets.accessToken, expiresAt: secrets.accessTokenExpiresAt! };
      return secrets.accessToken;
    }
    if (this.o.usesRefreshToken === false) return this.newClientToken(secrets);
    if (!secrets.refreshToken)
      throw this.grantLost('This connection has no saved authorisation; connect it first');
    let tokens: OAuthTokenSet;
    let used = secrets.refreshToken;
    try {
      tokens = await this.o.refresh(used, secrets);
    } catch (error) {
      if (!isInvalidGrant(error)) throw error;
      // The newest token was refused: if the save of a rotation raced with another process, the previous
      // one may still be inside its grace period.
      if (!secrets.previousRefreshToken || secrets.previousRefreshToken === used)
        throw this.grantLost(errorMessage(error));
      used = secrets.previousRefreshToken;
      try {
        tokens = await this.o.refresh(used, secrets);
      } catch (second) {
        if (isInvalidGrant(second)) throw this.grantLost(errorMessage(second));
        throw second;
      }
    }
    const next: ConnectionSecrets = {
      ...secrets,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      refreshToken: tokens.refreshToken ?? used,
      previousRefreshToken: used,
    };
    try {
      await this.o.vault.write(this.o.connectionId, next);
      this.unsaved = undefined;
    } catch (error) {
      // The keychain holds the old (still valid for the grace period) token; keep the new one in memory and
      // save it at the next opportunity.
      this.unsaved = next;
      this.o.log?.(
        `Could not save the rotated token of connection ${this.o.connectionId}: ${errorMessage(error)}`,
      );
    }
    this.current = { token: tokens.accessToken, expiresAt: tokens.expiresAt };
    return tokens.accessToken;
  }

  /** Client credentials (Visma.net): a new token from the saved secret; nothing rotates. */
  private async newClientToken(secrets: ConnectionSecrets): Promise<string> {
    if (!secrets.clientSecret)
      throw this.grantLost('This connection has no saved client secret; connect it again');
    let tokens: OAuthTokenSet;
    try {
      tokens = await this.o.refresh('', secrets);
    } catch (error) {
      if (isInvalidGrant(error)) throw this.grantLost(errorMessage(error));
      throw error;
    }
    const next: ConnectionSecrets = {
      ...secrets,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
    };
    try {
      await this.o.vault.write(this.o.connectionId, next);
    } catch (error) {
      this.o.log?.(
        `Could not save the new token of connection ${this.o.connectionId}: ${errorMessage(error)}`,
      );
    }
    this.current = { token: tokens.accessToken, expiresAt: tokens.expiresAt };
    return tokens.accessToken;
  }

  private async secrets(): Promise<ConnectionSecrets> {
    const unsaved = this.unsaved;
    if (unsaved) {
      try {
        await this.o.vault.write(this.o.connectionId, unsaved);
        this.unsaved = undefined;
      } catch {
        // Still not saved: keep using the newest tokens from memory.
      }
      return unsaved;
    }
    return (await this.o.vault.read(this.o.connectionId)) ?? {};
  }

  private grantLost(message: string): LedgerflowError {
    this.current = undefined;
    this.o.onGrantLost(message);
    return createError('LF-2004', message, { connectionId: this.o.connectionId });
  }
}

function isInvalidGrant(error: unknown): boolean {
  return error instanceof LedgerflowError && error.code === 'LF-2004';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
