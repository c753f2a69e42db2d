import type { HostEvents } from './host-events';

type Level = 'debug' | 'info' | 'warn' | 'error';

// Token-shaped strings that must never reach a log line, whoever wrote it.
const secretPatterns: RegExp[] = [
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(access_token|refresh_token|client_secret|code_verifier|password)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** Replaces known secret values and token-shaped strings with `[redacted]`. */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  out = out.replace(secretPatterns[0]!, '$1 [redacted]');
  out = out.replace(secretPatterns[1]!, '$1$2[redacted]');
  out = out.replace(secretPatterns[2]!, '[redacted]');
  return out;
}

/** The host's log: redacts at the source, emits `app.onDidLog`, and mirrors warnings and errors to stderr. */
export class HostLog {
  private readonly secrets = new Set<string>();

  constructor(
    private readonly events: HostEvents,
    private readonly mirror: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Registers a secret value so it is redacted from every later line. */
  addSecret(secret: string): void {
    this.secrets.add(secret);
  }

  debug(source: string, message: string): void {
    this.write('debug', source, message);
  }
  info(source: string, message: string): void {
    this.write('info', source, message);
  }
  warn(source: string, message: string, code?: string): void {
    this.write('warn', source, message, code);
  }
  error(source: string, message: string, code?: string): void {
    this.write('error', source, message, code);
  }

  private write(level: Level, source: string, message: string, code?: string): void {
    const line = { time: new Date().toISOString(), level, source, message: redact(message, this.secrets) };
    const withCode = code ? { ...line, code } : line;
    this.events.emit('app.onDidLog', withCode);
    if (level === 'warn' || level === 'error')
      this.mirror(`[${line.time}] ${level} ${source}: ${withCode.message}`);
  }
}
