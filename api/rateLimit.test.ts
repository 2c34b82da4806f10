import { createLogger } from '../config/logger';
import { AuditEvent } from '../models/entities';
import { connectOrm, type Orm } from '../models/orm';
import { startTestApi, type TestApi } from '../test/support/testApi';
import { RateLimit } from './rateLimit';
import { startApi } from './server';

/**
 * Limits hold across API processes: two apps on one database (as two `api` processes behind a load
 * balancer) count the same sign-in attempts and unsigned webhook posts.
 */
describe('limits shared through PostgreSQL', () => {
  let first: TestApi;
  let secondOrm: Orm;
  let second: { port: number; close(): Promise<void> };
  const secondUrl = () => `http://127.0.0.1:${second.port}`;

  beforeAll(async () => {
    first = await startTestApi({ env: { PX_LOGIN_RATE_LIMIT: '6' } });
    secondOrm = await connectOrm(first.databaseUrl);
    second = await startApi(
      { config: first.config, orm: secondOrm, temporal: undefined as never, log: createLogger('silent'), jwtSecret: first.config.auth.jwtSecret!, taskQueue: 'unpolled', probes: {} },
      0,
      '127.0.0.1',
    );
  });
  afterAll(async () => {
    await second.close();
    await secondOrm.close();
    await first.close();
  });

  const wrongLogin = (baseUrl: string) =>
    fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@px360.test', password: 'not-the-password' }) });

  it('counts sign-in attempts made through either process against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await wrongLogin(i % 2 ? secondUrl() : first.baseUrl)).status);
    expect(statuses).toEqual(Array(6).fill(401));
    for (const url of [first.baseUrl, secondUrl()]) {
      const refused = await wrongLogin(url);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('answers unsigned Twilio webhooks 403, then 429, with one audit row per client and window', async () => {
    const post = (url: string) =>
      fetch(`${url}/api/v1/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B966500000000&Body=STOP' });
    const statuses: number[] = [];
    for (let i = 0; i < 34; i++) statuses.push((await post(i % 2 ? secondUrl() : first.baseUrl)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(403));
    expect(statuses.slice(30)).toEqual(Array(4).fill(429));
    expect(await first.em().count(AuditEvent, { action: 'webhook.twilio' })).toBe(1);
  });

  it('slides: a hit counts for exactly one window after it, and a refused hit is not counted', async () => {
    const limit = new RateLimit(first.orm, 'test_sliding', 3, 60_000);
    const start = Date.now() - 120_000;
    for (const offset of [0, 10_000, 20_000]) expect((await limit.hit('client', start + offset)).retryAfterSeconds).toBe(0);
    // Full until the first hit is a minute old: the wait runs to then, from the refused hit's time.
    expect((await limit.hit('client', start + 30_000)).retryAfterSeconds).toBe(30);
    expect((await limit.hit('client', start + 59_000)).retryAfterSeconds).toBe(1);
    expect((await limit.hit('client', start + 60_001)).retryAfterSeconds).toBe(0);
    // Another client has its own count.
    expect((await limit.hit('other', start + 30_000)).retryAfterSeconds).toBe(0);
  });

  it('holds exactly under concurrent hits from both processes', async () => {
    const limit = [new RateLimit(first.orm, 'test_race', 5, 60_000), new RateLimit(secondOrm, 'test_race', 5, 60_000)];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit[i % 2].hit('racer')));
    expect(results.filter((r) => r.retryAfterSeconds === 0)).toHaveLength(5);
  });
});
