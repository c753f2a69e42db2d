// Token-shaped strings that must never reach a log line, whoever wrote it.
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const KEY_VALUE =
  /\b(access_token|refresh_token|client_secret|code_verifier|password)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * Replaces known secret values and token-shaped strings (bearer tokens, `access_token=…` and the like, JWTs) with
 * `[redacted]`. The one redaction used by the host's log and the engine's run log.
 */
export function redactSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out.replace(BEARER, '$1 [redacted]').replace(KEY_VALUE, '$1$2[redacted]').replace(JWT, '[redacted]');
}
