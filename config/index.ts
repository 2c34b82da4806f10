import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { environmentSchema } from './schema';
import { parseDuration, parseDurationList, parseSurveyDuration } from '../models/rules/duration';
import { durationLimitProblem, type DurationKind } from '../models/rules/durationLimits';
import { parseQuietHours } from '../models/rules/surveyTiming';
import { ENCRYPTION_OFF, parseTemporalEncryption, type TemporalEncryption } from './temporalEncryption';

export type ProcessRole = 'api' | 'worker' | 'mllp';

export interface Config {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  roles: ProcessRole[];
  api: { host: string; port: number; publicUrl: string; trustProxy: boolean };
  database: { url?: string; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    cli?: string;
    port: number;
    uiPort: number;
    uiUrl?: string;
    /** The payload codec's key ring; undefined: payloads go to Temporal unencrypted. */
    encryption?: TemporalEncryption;
  };
  auth: {
    jwtSecret?: string;
    accessTokenTtlMs: number;
    refreshTokenTtlMs: number;
    maxFailedLogins: number;
    lockoutMs: number;
    loginRateLimitPerMinute: number;
    /** The staff console signs a browser out after this long without use. */
    consoleIdleTimeoutMs: number;
  };
  analytics: { liveFreshMs: number };
  mllp: { host: string; port: number; maxFrameBytes: number; idleTimeoutMs: number; maxConnections: number; frameDeadlineMs: number; tls?: { certFile: string; keyFile: string }; honourAcceptAckType: boolean; defaultCharset: 'UTF-8' | 'ISO-8859-6' | 'ISO-8859-1' | 'ASCII' };
  relay: { pollMs: number; phoneCountryCode: string; lanes: number };
  /** The transactional outbox into Temporal and its delivery (workers/outbox). */
  outbox: { lanes: number; batchSize: number; pollMs: number; leaseMs: number; retentionMs: number };
  encounters: { defaultInactivityMs: number; closeGraceMs: number };
  /** Survey timing defaults, as written (hospitals and stage templates override them in the same form). */
  surveys: { sendDelay: string; quietHours: string; reminders: string; expiry: string; cooldownDays: number; minAge: number };
  complaints: { closeAfterMs: number };
  notify: {
    mode: 'console' | 'twilio';
    /** Present when the SID, token and SMS sender are all set (always in `twilio` mode). */
    twilio?: { accountSid: string; authToken: string; fromSms: string; fromWhatsapp?: string; apiUrl?: string };
    smtpUrl?: string;
    mailFrom: string;
  };
  admin: { email: string; password?: string };
  seedDemo: boolean;
  logLevel: string;
  sentryDsn?: string;
}

/** Thrown when the environment does not match the schema; `problems` names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
addFormats(ajv);
const validateEnvironment = ajv.compile(environmentSchema);

function describe(error: ErrorObject, env: Record<string, unknown>): { variable: string; message: string } {
  const variable = error.instancePath.replace(/^\//, '') || String(error.params.missingProperty ?? '(environment)');
  const got = env[variable] === undefined ? '' : ` (got "${String(env[variable])}")`;
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as string[]).join(', ')}` : '';
  return { variable, message: `${error.message ?? 'is invalid'}${allowed}${got}` };
}

const one = (parse: (text: string) => number) => (text: string) => [parse(text)];

/** Every duration variable and the limit it is held to (models/rules/durationLimits.ts). */
const BOUNDED: Record<string, [DurationKind, (text: string) => number[]]> = {
  PX_MLLP_IDLE_TIMEOUT: ['connectionIdle', one(parseDuration)],
  PX_MLLP_FRAME_DEADLINE: ['connectionIdle', one(parseDuration)],
  PX_RELAY_POLL_INTERVAL: ['pollInterval', one(parseDuration)],
  PX_OUTBOX_POLL_INTERVAL: ['pollInterval', one(parseDuration)],
  PX_OUTBOX_LEASE: ['pollInterval', one(parseDuration)],
  PX_ENCOUNTER_DEFAULT_INACTIVITY: ['journeyInactivity', one(parseDuration)],
  PX_ENCOUNTER_CLOSE_GRACE: ['encounterCloseGrace', one(parseDuration)],
  PX_SURVEY_SEND_DELAY: ['surveySendDelay', one(parseSurveyDuration)],
  PX_SURVEY_REMINDERS: ['surveyReminder', parseDurationList],
  PX_SURVEY_EXPIRY: ['surveyExpiry', one(parseSurveyDuration)],
  PX_COMPLAINT_CLOSE_AFTER: ['complaintCloseAfter', one(parseDuration)],
  PX_ACCESS_TOKEN_TTL: ['accessToken', one(parseDuration)],
  PX_REFRESH_TOKEN_TTL: ['refreshToken', one(parseDuration)],
  PX_LOCKOUT_DURATION: ['lockout', one(parseDuration)],
  PX_CONSOLE_IDLE_TIMEOUT: ['consoleIdle', one(parseDuration)],
};

/** Reads and validates the environment once; every variable is documented in config/schema.ts. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(environmentSchema.properties);
  // Empty strings count as unset, the way shells and compose files usually mean them.
  const env: Record<string, unknown> = {};
  for (const key of known) if (source[key] !== undefined && source[key] !== '') env[key] = source[key];
  const original = { ...env };
  if (!validateEnvironment(env)) {
    throw new ConfigError((validateEnvironment.errors ?? []).map((e) => describe(e, original)));
  }
  const v = env as Record<string, any>;
  if (v.NODE_ENV === 'production' && !v.PX_JWT_SECRET) {
    throw new ConfigError([{ variable: 'PX_JWT_SECRET', message: 'is required when NODE_ENV=production' }]);
  }
  const encryption = parseTemporalEncryption(v.PX_TEMPORAL_ENCRYPTION_KEYS, v.PX_TEMPORAL_ENCRYPTION_KEY_ID);
  if (encryption.problems.length) throw new ConfigError(encryption.problems);
  // Health data must not reach a Temporal cluster elsewhere readable by accident: plaintext is a choice (`off`).
  if (v.NODE_ENV === 'production' && v.TEMPORAL_ADDRESS && v.PX_TEMPORAL_ENCRYPTION_KEYS === undefined) {
    throw new ConfigError([
      {
        variable: 'PX_TEMPORAL_ENCRYPTION_KEYS',
        message: `is required when NODE_ENV=production and TEMPORAL_ADDRESS is set (payloads would reach the Temporal cluster readable); set it to \`${ENCRYPTION_OFF}\` only for a cluster inside the hospital's network`,
      },
    ]);
  }
  if (Boolean(v.PX_MLLP_TLS_CERT) !== Boolean(v.PX_MLLP_TLS_KEY)) {
    const missing = v.PX_MLLP_TLS_CERT ? 'PX_MLLP_TLS_KEY' : 'PX_MLLP_TLS_CERT';
    throw new ConfigError([{ variable: missing, message: 'is required with PX_MLLP_TLS_CERT / PX_MLLP_TLS_KEY' }]);
  }
  // The patterns let through what only the parsers refuse (a quiet window that starts where it ends).
  for (const [variable, check] of [
    ['PX_SURVEY_QUIET_HOURS', () => parseQuietHours(v.PX_SURVEY_QUIET_HOURS)],
    ['PX_SURVEY_REMINDERS', () => parseDurationList(v.PX_SURVEY_REMINDERS)],
  ] as const) {
    try {
      check();
    } catch (error) {
      throw new ConfigError([{ variable, message: (error as Error).message }]);
    }
  }
  const tooLong = Object.entries(BOUNDED).flatMap(([variable, [kind, parse]]) =>
    parse(String(v[variable])).map((ms) => durationLimitProblem(kind, ms)).filter(Boolean).slice(0, 1).map((message) => ({ variable, message: `${message} (got "${v[variable]}")` })),
  );
  if (tooLong.length) throw new ConfigError(tooLong);
  if (parseDuration(v.PX_KPI_LIVE_FRESH) > 60_000) {
    throw new ConfigError([{ variable: 'PX_KPI_LIVE_FRESH', message: `must be at most 1 minute (got "${v.PX_KPI_LIVE_FRESH}")` }]);
  }
  if (parseDuration(v.PX_OUTBOX_LEASE) < 1_000) {
    throw new ConfigError([{ variable: 'PX_OUTBOX_LEASE', message: `must be at least 1 second (got "${v.PX_OUTBOX_LEASE}")` }]);
  }
  if (parseDuration(v.PX_OUTBOX_RETENTION) > 90 * 86_400_000) {
    throw new ConfigError([{ variable: 'PX_OUTBOX_RETENTION', message: `must be at most 90 days (got "${v.PX_OUTBOX_RETENTION}")` }]);
  }
  if (parseDuration(v.PX_CONSOLE_IDLE_TIMEOUT) < 60_000) {
    throw new ConfigError([{ variable: 'PX_CONSOLE_IDLE_TIMEOUT', message: `must be at least 1 minute (got "${v.PX_CONSOLE_IDLE_TIMEOUT}")` }]);
  }
  if (v.PX_NOTIFY_MODE === 'twilio') {
    const missing = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_SMS'].filter((name) => !v[name]);
    if (missing.length) throw new ConfigError(missing.map((variable) => ({ variable, message: 'is required when PX_NOTIFY_MODE=twilio' })));
  }
  const port = v.PX_API_PORT as number;
  return {
    env: v.NODE_ENV,
    dataDir: path.resolve(v.PX_DATA_DIR),
    roles: [...new Set(String(v.PX_ROLES).split(','))] as ProcessRole[],
    api: { host: v.PX_API_HOST, port, publicUrl: (v.PX_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''), trustProxy: v.PX_TRUST_PROXY },
    database: { url: v.DATABASE_URL, embeddedPort: v.PX_EMBEDDED_PG_PORT },
    temporal: {
      address: v.TEMPORAL_ADDRESS,
      namespace: v.TEMPORAL_NAMESPACE,
      cli: v.TEMPORAL_CLI,
      port: v.PX_TEMPORAL_PORT,
      uiPort: v.PX_TEMPORAL_UI_PORT,
      uiUrl: v.TEMPORAL_UI_URL,
      encryption: encryption.settings,
    },
    auth: {
      jwtSecret: v.PX_JWT_SECRET,
      accessTokenTtlMs: parseDuration(v.PX_ACCESS_TOKEN_TTL),
      refreshTokenTtlMs: parseDuration(v.PX_REFRESH_TOKEN_TTL),
      maxFailedLogins: v.PX_LOGIN_MAX_FAILURES,
      lockoutMs: parseDuration(v.PX_LOCKOUT_DURATION),
      loginRateLimitPerMinute: v.PX_LOGIN_RATE_LIMIT,
      consoleIdleTimeoutMs: parseDuration(v.PX_CONSOLE_IDLE_TIMEOUT),
    },
    analytics: { liveFreshMs: parseDuration(v.PX_KPI_LIVE_FRESH) },
    mllp: {
      host: v.PX_MLLP_HOST,
      port: v.PX_MLLP_PORT,
      maxFrameBytes: v.PX_MLLP_MAX_FRAME_BYTES,
      idleTimeoutMs: parseDuration(v.PX_MLLP_IDLE_TIMEOUT),
      maxConnections: v.PX_MLLP_MAX_CONNECTIONS,
      frameDeadlineMs: parseDuration(v.PX_MLLP_FRAME_DEADLINE),
      tls: v.PX_MLLP_TLS_CERT ? { certFile: v.PX_MLLP_TLS_CERT, keyFile: v.PX_MLLP_TLS_KEY } : undefined,
      honourAcceptAckType: v.PX_MLLP_HONOUR_ACCEPT_ACK_TYPE,
      defaultCharset: v.PX_HL7_DEFAULT_CHARSET,
    },
    relay: { pollMs: parseDuration(v.PX_RELAY_POLL_INTERVAL), phoneCountryCode: v.PX_PHONE_COUNTRY_CODE, lanes: v.PX_RELAY_LANES },
    outbox: {
      lanes: v.PX_OUTBOX_LANES,
      batchSize: v.PX_OUTBOX_BATCH_SIZE,
      pollMs: parseDuration(v.PX_OUTBOX_POLL_INTERVAL),
      leaseMs: parseDuration(v.PX_OUTBOX_LEASE),
      retentionMs: parseDuration(v.PX_OUTBOX_RETENTION),
    },
    encounters: { defaultInactivityMs: parseDuration(v.PX_ENCOUNTER_DEFAULT_INACTIVITY), closeGraceMs: parseDuration(v.PX_ENCOUNTER_CLOSE_GRACE) },
    surveys: {
      sendDelay: v.PX_SURVEY_SEND_DELAY,
      quietHours: v.PX_SURVEY_QUIET_HOURS,
      reminders: v.PX_SURVEY_REMINDERS,
      expiry: v.PX_SURVEY_EXPIRY,
      cooldownDays: v.PX_SURVEY_COOLDOWN_DAYS,
      minAge: v.PX_SURVEY_MIN_AGE,
    },
    complaints: { closeAfterMs: parseDuration(v.PX_COMPLAINT_CLOSE_AFTER) },
    notify: {
      mode: v.PX_NOTIFY_MODE,
      twilio:
        v.TWILIO_ACCOUNT_SID && v.TWILIO_AUTH_TOKEN && v.TWILIO_FROM_SMS
          ? {
              accountSid: v.TWILIO_ACCOUNT_SID,
              authToken: v.TWILIO_AUTH_TOKEN,
              fromSms: v.TWILIO_FROM_SMS,
              fromWhatsapp: v.TWILIO_FROM_WHATSAPP,
              apiUrl: v.TWILIO_API_URL,
            }
          : undefined,
      smtpUrl: v.SMTP_URL,
      mailFrom: v.PX_MAIL_FROM,
    },
    admin: { email: String(v.PX_ADMIN_EMAIL).toLowerCase(), password: v.PX_ADMIN_PASSWORD },
    seedDemo: v.PX_SEED_DEMO,
    logLevel: v.LOG_LEVEL,
    sentryDsn: v.SENTRY_DSN,
  };
}
