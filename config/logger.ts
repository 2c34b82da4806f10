import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** An error as the log may keep it: what went wrong and where, never the values involved. */
export interface LoggableError {
  type: string;
  code?: string;
  message: string;
  stack?: string;
}

/** SQLSTATE-style codes ('22001', '23505') mark errors from the database driver. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Errors reduced to their kind, code, a message with every quoted value masked, and stack frames.
 * Database driver errors carry the statement and its parameters in their message (the patient's
 * name that did not fit, the MRN that collided) and the offending key in `detail`: only the
 * driver's own sentence after the statement is kept, and `detail`, `where` and parameters never.
 */
export function loggableError(error: unknown): LoggableError {
  if (!(error instanceof Error)) return { type: typeof error, message: typeof error === 'string' ? maskQuoted(error) : '' };
  const fields = error as Error & { code?: unknown; sqlState?: unknown; query?: unknown };
  const code = typeof fields.sqlState === 'string' ? fields.sqlState : typeof fields.code === 'string' || typeof fields.code === 'number' ? String(fields.code) : undefined;
  const fromDatabase = 'query' in fields || 'sqlState' in fields || /Exception$/.test(error.name) || (code !== undefined && SQLSTATE.test(code));
  const message = fromDatabase ? (error.message.split(' - ').pop() ?? '') : error.message;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 12);
  return { type: error.name, ...(code ? { code } : {}), message: maskQuoted(message), ...(frames.length ? { stack: frames.join('\n') } : {}) };
}

/**
 * The error to hand a third-party reporter (Sentry): the same reduction as the log, so no SQL
 * parameter or patient value leaves the process that way either.
 */
export function reportableError(error: unknown): Error {
  const safe = loggableError(error);
  const reported = new Error(safe.message);
  reported.name = safe.type;
  reported.stack = `${safe.type}: ${safe.message}\n${safe.stack ?? ''}`;
  return reported;
}

/** First line only, at most 300 characters, with quoted strings and long digit runs (ids, phones) masked. */
function maskQuoted(text: string): string {
  return text
    .split('\n')[0]
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"')
    .replace(/\d{5,}/g, '#')
    .slice(0, 300);
}

/**
 * The one logger factory. Structured JSON; values that could carry PHI are redacted by key,
 * and request logs record paths without query strings (see api/middleware/requestLog.ts).
 */
export function createLogger(level = 'info', name = 'px360', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    // Every `err` logged anywhere goes through the same reduction (see loggableError).
    serializers: { err: loggableError, error: loggableError },
    redact: {
      paths: [
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.authorization',
        '*.phone',
        '*.email',
        '*.nationalId',
        '*.mrn',
        '*.fullNameEn',
        '*.fullNameAr',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
