import { ConfigError, loadConfig } from '.';

describe('configuration', () => {
  it('starts on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.api.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.embeddedPort).not.toBe(5432);
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.port).toBe(7233);
    expect(config.temporal.uiPort).toBe(8233);
    expect(config.auth.accessTokenTtlMs).toBe(15 * 60_000);
    expect(config.admin.email).toBe('admin@px360.local');
    expect(config.api.publicUrl).toBe('http://localhost:3000');
  });

  it('names every bad variable and what is wrong with it', () => {
    let error: unknown;
    try {
      loadConfig({ PX_API_PORT: 'three thousand', DATABASE_URL: 'mysql://db/px', LOG_LEVEL: 'loud', PX_ACCESS_TOKEN_TTL: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PX_ACCESS_TOKEN_TTL', 'PX_API_PORT']);
    expect((error as Error).message).toContain('PX_API_PORT: must be integer (got "three thousand")');
    expect((error as Error).message).toContain('LOG_LEVEL: must be equal to one of the allowed values: fatal, error');
  });

  it('refuses a port out of range and a short admin password', () => {
    expect(() => loadConfig({ PX_API_PORT: '70000' })).toThrow(/PX_API_PORT: must be <= 65535/);
    expect(() => loadConfig({ PX_ADMIN_PASSWORD: 'short' })).toThrow(/PX_ADMIN_PASSWORD: must NOT have fewer than 12 characters/);
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PX_JWT_SECRET: is required when NODE_ENV=production/);
  });

  it('sends to the console outbox by default and names each Twilio setting the twilio mode lacks', () => {
    expect(loadConfig({}).notify).toEqual({ mode: 'console', twilio: undefined, smtpUrl: undefined, mailFrom: 'PX360 <no-reply@px360.local>' });
    let error: unknown;
    try {
      loadConfig({ PX_NOTIFY_MODE: 'twilio', TWILIO_AUTH_TOKEN: 'token' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['TWILIO_ACCOUNT_SID', 'TWILIO_FROM_SMS']);
    expect((error as Error).message).toContain('TWILIO_FROM_SMS: is required when PX_NOTIFY_MODE=twilio');
    const sid = `AC${'0'.repeat(32)}`;
    const config = loadConfig({ PX_NOTIFY_MODE: 'twilio', TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM_SMS: 'PX360', SMTP_URL: 'smtp://mail:25' });
    expect(config.notify.twilio).toEqual({ accountSid: sid, authToken: 'token', fromSms: 'PX360', fromWhatsapp: undefined, apiUrl: undefined });
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });

  it('refuses survey timing the parsers cannot use, naming the variable', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems[0];
      }
      return undefined;
    };
    expect(problem({ PX_SURVEY_QUIET_HOURS: '09:00-09:00' })).toMatchObject({ variable: 'PX_SURVEY_QUIET_HOURS', message: expect.stringContaining('same') });
    expect(problem({ PX_SURVEY_QUIET_HOURS: '25:00-09:00' })?.variable).toBe('PX_SURVEY_QUIET_HOURS');
    expect(problem({ PX_SURVEY_REMINDERS: 'daily' })?.variable).toBe('PX_SURVEY_REMINDERS');
    expect(loadConfig({ PX_SURVEY_QUIET_HOURS: 'off', PX_SURVEY_REMINDERS: 'none' }).surveys).toMatchObject({ quietHours: 'off', reminders: 'none' });
  });

  it('refuses a duration over its limit, naming the variable and the limit', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ PX_SURVEY_EXPIRY: '99999999d' })).toEqual([{ variable: 'PX_SURVEY_EXPIRY', message: expect.stringContaining('at most 90 days') }]);
    expect(problems({ PX_SURVEY_REMINDERS: '24h,P400D', PX_ENCOUNTER_DEFAULT_INACTIVITY: '400d', PX_ACCESS_TOKEN_TTL: '999999999999999999999d' }).map((p) => p.variable).sort()).toEqual([
      'PX_ACCESS_TOKEN_TTL',
      'PX_ENCOUNTER_DEFAULT_INACTIVITY',
      'PX_SURVEY_REMINDERS',
    ]);
    expect(loadConfig({ PX_SURVEY_EXPIRY: '90d', PX_ENCOUNTER_DEFAULT_INACTIVITY: '366d' }).encounters.defaultInactivityMs).toBe(366 * 86_400_000);
  });

  it('treats empty variables as unset and coerces numbers and booleans', () => {
    const config = loadConfig({ DATABASE_URL: '', PX_API_PORT: '8080', PX_SEED_DEMO: 'false' });
    expect(config.database.url).toBeUndefined();
    expect(config.api.port).toBe(8080);
    expect(config.seedDemo).toBe(false);
  });
});

describe('README', () => {
  it('documents every environment variable exactly as the schema has it', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'README.md'), 'utf8') as string;
    const documented = /<!-- variables:start -->\n([\s\S]*?)\n<!-- variables:end -->/.exec(readme)?.[1];
    expect(documented).toBe(require('./doc').variablesTable());
  });
});

describe('staff console', () => {
  it("today's analytics figures are shared 15 seconds by default, at most a minute, or not at all", () => {
    expect(loadConfig({}).analytics.liveFreshMs).toBe(15_000);
    expect(loadConfig({ PX_KPI_LIVE_FRESH: '0s' }).analytics.liveFreshMs).toBe(0);
    expect(() => loadConfig({ PX_KPI_LIVE_FRESH: '2m' })).toThrow(/PX_KPI_LIVE_FRESH: must be at most 1 minute/);
  });

  it('the console idle sign-out: 15 minutes by default, at least a minute, at most a day', () => {
    expect(loadConfig({}).auth.consoleIdleTimeoutMs).toBe(15 * 60_000);
    expect(loadConfig({ PX_CONSOLE_IDLE_TIMEOUT: '30m' }).auth.consoleIdleTimeoutMs).toBe(30 * 60_000);
    expect(() => loadConfig({ PX_CONSOLE_IDLE_TIMEOUT: '2d' })).toThrow(/PX_CONSOLE_IDLE_TIMEOUT: must be at most 1 day/);
    expect(() => loadConfig({ PX_CONSOLE_IDLE_TIMEOUT: '30s' })).toThrow(/PX_CONSOLE_IDLE_TIMEOUT: must be at least 1 minute/);
    expect(() => loadConfig({ PX_CONSOLE_IDLE_TIMEOUT: 'soon' })).toThrow(/PX_CONSOLE_IDLE_TIMEOUT/);
  });
});
