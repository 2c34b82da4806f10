/**
 * Every environment variable PX360 reads, as one JSON schema. The README's variable table is
 * generated from the `description` fields (`npm run config:doc`), so this file is the single source.
 */
import { DURATION_LIST_PATTERN, QUIET_HOURS_PATTERN } from '../workflows/surveyTiming';

export const DURATION_PATTERN = '^[0-9]+(ms|s|m|h|d)$';
export const environmentSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    NODE_ENV: {
      type: 'string',
      enum: ['development', 'production', 'test'],
      default: 'development',
      description: '`production` requires `PX_JWT_SECRET` and uses the prebuilt workflow bundle.',
    },
    PX_DATA_DIR: {
      type: 'string',
      minLength: 1,
      default: '.px360',
      description: 'Where the embedded PostgreSQL cluster, the Temporal dev server database and local secrets live.',
    },
    PX_ROLES: {
      type: 'string',
      pattern: '^(api|worker|mllp)(,(api|worker|mllp))*$',
      default: 'api,worker,mllp',
      description: 'Comma-separated process roles this process runs: `api`, `worker`, `mllp` (HL7 listener and the inbox relay).',
    },
    PX_API_HOST: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Interface the API listens on.' },
    PX_API_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 3000, description: 'API port.' },
    PX_TRUST_PROXY: {
      type: 'boolean',
      default: false,
      description: 'Take the client address from `X-Forwarded-For` (only behind a reverse proxy that sets it): audit rows and the login and public-complaint limits use it.',
    },
    PX_PUBLIC_URL: {
      type: 'string',
      format: 'uri',
      description: 'Base URL staff and patients reach the API at (links in messages). Default `http://localhost:{PX_API_PORT}`.',
    },
    DATABASE_URL: {
      type: 'string',
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL is started under `PX_DATA_DIR/postgres`.',
    },
    PX_EMBEDDED_PG_PORT: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 54329,
      description: 'Port of the embedded PostgreSQL (kept off 5432 so it never collides with a system server).',
    },
    TEMPORAL_ADDRESS: {
      type: 'string',
      pattern: '^[^:\\s]+:[0-9]+$',
      description: 'Temporal frontend `host:port`. Unset: a local Temporal dev server is started.',
    },
    TEMPORAL_NAMESPACE: { type: 'string', minLength: 1, default: 'default', description: 'Temporal namespace.' },
    TEMPORAL_CLI: {
      type: 'string',
      minLength: 1,
      description: 'Path of the `temporal` CLI binary for the local dev server (else PATH, else the cached pinned build).',
    },
    PX_TEMPORAL_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 7233, description: 'gRPC port of the local Temporal dev server.' },
    PX_TEMPORAL_UI_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 8233, description: 'Web UI port of the local Temporal dev server.' },
    TEMPORAL_UI_URL: {
      type: 'string',
      format: 'uri',
      description: 'Temporal Web UI address to print when `TEMPORAL_ADDRESS` is set; the codec endpoint (`/codec`) answers browsers from its origin only (unset: `http://localhost:{PX_TEMPORAL_UI_PORT}`).',
    },
    PX_TEMPORAL_ENCRYPTION_KEYS: {
      type: 'string',
      minLength: 1,
      description:
        'AES-256-GCM keys that encrypt every Temporal payload, as `id:base64key,id2:base64key` (32-byte keys, `openssl rand -base64 32`); keep retired keys listed while histories use them. Unset: no encryption, refused when `NODE_ENV=production` and `TEMPORAL_ADDRESS` is set; `off` says plaintext on purpose (a cluster inside the hospital network).',
    },
    PX_TEMPORAL_ENCRYPTION_KEY_ID: {
      type: 'string',
      minLength: 1,
      description: 'Id of the key in `PX_TEMPORAL_ENCRYPTION_KEYS` new payloads are encrypted with (the others only decrypt). Default: the first.',
    },
    PX_MLLP_HOST: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'Interface the HL7 MLLP listener binds (`0.0.0.0` to take connections from other hosts).' },
    PX_MLLP_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 2575, description: 'HL7 MLLP listener port.' },
    PX_MLLP_MAX_FRAME_BYTES: {
      type: 'integer',
      minimum: 1024,
      maximum: 1073741824,
      default: 10485760,
      description: 'Largest MLLP frame accepted; a larger one is answered AR and its connection closed.',
    },
    PX_MLLP_IDLE_TIMEOUT: { type: 'string', pattern: DURATION_PATTERN, default: '5m', description: 'An MLLP connection silent this long is closed.' },
    PX_MLLP_MAX_CONNECTIONS: { type: 'integer', minimum: 1, maximum: 10000, default: 64, description: 'MLLP connections open at once; one more is closed as it arrives.' },
    PX_MLLP_FRAME_DEADLINE: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '60s',
      description: 'A frame begun must end within this, however slowly its bytes arrive; otherwise the connection is closed.',
    },
    PX_MLLP_TLS_CERT: { type: 'string', minLength: 1, description: 'PEM certificate file: with `PX_MLLP_TLS_KEY`, the listener speaks MLLP over TLS.' },
    PX_MLLP_TLS_KEY: { type: 'string', minLength: 1, description: 'PEM private key file for `PX_MLLP_TLS_CERT`.' },
    PX_MLLP_HONOUR_ACCEPT_ACK_TYPE: {
      type: 'boolean',
      default: false,
      description: 'Follow MSH-15 strictly (no accept ACK for NE, ER/SU by outcome). Off: every message is answered, in enhanced mode with CA/CE/CR.',
    },
    PX_HL7_DEFAULT_CHARSET: {
      type: 'string',
      enum: ['UTF-8', 'ISO-8859-6', 'ISO-8859-1', 'ASCII'],
      default: 'UTF-8',
      description: 'Charset of HL7 messages without MSH-18 whose sending system has no default of its own.',
    },
    PX_RELAY_POLL_INTERVAL: { type: 'string', pattern: DURATION_PATTERN, default: '500ms', description: 'How often the relay looks for inbox rows it was not told about.' },
    PX_PHONE_COUNTRY_CODE: {
      type: 'string',
      pattern: '^[1-9][0-9]{0,2}$',
      default: '966',
      description: 'Country calling code for patient phone numbers hospital systems send in national form (`0501234567` becomes `+966501234567`).',
    },
    PX_ENCOUNTER_DEFAULT_INACTIVITY: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '2d',
      description: 'Silence that closes an encounter whose journey is not known yet (journeys set their own).',
    },
    PX_ENCOUNTER_CLOSE_GRACE: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '1h',
      description: 'After the terminal stage, how long an encounter still takes late events and a cancelled discharge (A13).',
    },
    PX_SURVEY_SEND_DELAY: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '2h',
      description: 'How long after a stage completes its survey goes out, unless the stage template or hospital says otherwise.',
    },
    PX_SURVEY_QUIET_HOURS: {
      type: 'string',
      pattern: QUIET_HOURS_PATTERN,
      default: '21:00-09:00',
      description: 'Hours (hospital time) when no survey message is sent; a send due then waits for the end. `off` to send at any hour.',
    },
    PX_SURVEY_REMINDERS: {
      type: 'string',
      pattern: DURATION_LIST_PATTERN,
      default: '24h,72h',
      description: 'Reminders to a patient who has not answered, as times after the first send (`24h,72h`); `none` for no reminders.',
    },
    PX_SURVEY_EXPIRY: { type: 'string', pattern: DURATION_PATTERN, default: '7d', description: 'How long after the first send a survey link keeps working.' },
    PX_SURVEY_COOLDOWN_DAYS: {
      type: 'integer',
      minimum: 0,
      maximum: 365,
      default: 30,
      description: 'A patient surveyed within this many days is not surveyed again (0: no cooldown).',
    },
    PX_SURVEY_MIN_AGE: { type: 'integer', minimum: 0, maximum: 21, default: 18, description: 'Patients younger than this (by date of birth) are not surveyed.' },
    PX_COMPLAINT_CLOSE_AFTER: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '7d',
      description: 'How long a resolved complaint waits for the patient to answer the resolution-satisfaction survey before it closes.',
    },
    PX_NOTIFY_MODE: {
      type: 'string',
      enum: ['console', 'twilio'],
      default: 'console',
      description: '`console`: every outgoing message appended to `PX_DATA_DIR/outbox.ndjson` and logged; `twilio`: SMS/WhatsApp through Twilio, email through `SMTP_URL`.',
    },
    TWILIO_ACCOUNT_SID: { type: 'string', pattern: '^AC[0-9a-fA-F]{32}$', description: 'Twilio account SID (`AC…`); required when `PX_NOTIFY_MODE=twilio`.' },
    TWILIO_AUTH_TOKEN: { type: 'string', minLength: 1, description: 'Twilio auth token; required when `PX_NOTIFY_MODE=twilio`.' },
    TWILIO_FROM_SMS: {
      type: 'string',
      minLength: 1,
      description: 'Sender of SMS: an E.164 number or an alphanumeric sender ID; required when `PX_NOTIFY_MODE=twilio`.',
    },
    TWILIO_FROM_WHATSAPP: { type: 'string', minLength: 1, description: 'WhatsApp sender as an E.164 number (the `whatsapp:` prefix is added). Unset: no WhatsApp channel.' },
    TWILIO_API_URL: { type: 'string', format: 'uri', description: 'Base URL of the Twilio API instead of `https://api.twilio.com` (a local test server or a proxy).' },
    SMTP_URL: { type: 'string', pattern: '^smtps?://', description: 'Mail server for email in `twilio` mode (`smtp://user:pass@host:587` or `smtps://…:465`). Unset: no email channel.' },
    PX_MAIL_FROM: { type: 'string', minLength: 3, default: 'PX360 <no-reply@px360.local>', description: 'From address of outgoing email.' },
    PX_JWT_SECRET: {
      type: 'string',
      minLength: 32,
      description: 'HMAC secret for access tokens (32+ characters). Unset outside production: generated once into `PX_DATA_DIR/jwt-secret`.',
    },
    PX_ACCESS_TOKEN_TTL: { type: 'string', pattern: DURATION_PATTERN, default: '15m', description: 'Access token lifetime (`900s`, `15m`, `1h`).' },
    PX_REFRESH_TOKEN_TTL: { type: 'string', pattern: DURATION_PATTERN, default: '7d', description: 'Refresh token lifetime.' },
    PX_KPI_LIVE_FRESH: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '15s',
      description: "Today's analytics figures, summed from the raw rows, are shared between requests this long (`0s`: summed per request); at most 1 minute, so an answer shows within a minute.",
    },
    PX_CONSOLE_IDLE_TIMEOUT: {
      type: 'string',
      pattern: DURATION_PATTERN,
      default: '15m',
      description: 'The staff console signs out a browser left untouched this long (shared hospital workstations); at least 1 minute, at most 1 day.',
    },
    PX_LOGIN_MAX_FAILURES: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 5,
      description: 'Consecutive failed logins that lock an account.',
    },
    PX_LOCKOUT_DURATION: { type: 'string', pattern: DURATION_PATTERN, default: '15m', description: 'How long a locked account stays locked.' },
    PX_LOGIN_RATE_LIMIT: {
      type: 'integer',
      minimum: 1,
      maximum: 10000,
      default: 20,
      description: 'Login attempts allowed per client IP per minute before 429.',
    },
    PX_ADMIN_EMAIL: { type: 'string', format: 'email', default: 'admin@px360.local', description: 'Email of the bootstrap PX admin.' },
    PX_ADMIN_PASSWORD: {
      type: 'string',
      minLength: 12,
      description: 'Password of the bootstrap PX admin: 12+ characters and not easy to guess (the rule every account\'s password meets; `npm start` refuses a weak one). Unset: generated on first start and printed once.',
    },
    PX_SEED_DEMO: { type: 'boolean', default: true, description: 'Seed the `DEMO` hospital, its departments and physicians.' },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'pino log level.',
    },
    SENTRY_DSN: { type: 'string', format: 'uri', description: 'Sentry DSN; error reporting is on only when set.' },
  },
} as const;

export type EnvironmentVariable = keyof typeof environmentSchema.properties;
