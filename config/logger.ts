import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The one logger factory. Structured JSON; values that could carry PHI are redacted by key,
 * and request logs record paths without query strings (see api/middleware/requestLog.ts).
 */
export function createLogger(level = 'info', name = 'px360'): Logger {
  return pino({
    name,
    level,
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
  });
}
