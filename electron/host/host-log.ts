import { redactSecrets } from '../../shared/errors/redact-secrets';
import type { HostEvents } from './host-events';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Replaces known secret values and token-shaped strings with `[redacted]` (see shared/errors/redact-secrets.ts). */
export const redact = redactSecrets;

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
