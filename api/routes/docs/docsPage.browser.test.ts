import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/support/browser';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('API documentation in a browser, under its Content-Security-Policy', () => {
  let api: TestApi;
  let browser: Browser;
  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestApi(), launchChromium()]);
  });
  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('renders the operations with no policy violation, and keeps a pasted token out of browser storage', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const reply = await page.goto(`${api.baseUrl}/api/docs`);
    expect(reply?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByText('/api/v1/auth/login').first().waitFor({ timeout: 20_000 });
    expect(violations).toEqual([]);

    // Authorise as a reader would, then look at what the page left in storage.
    await page.getByRole('button', { name: /authorize/i }).first().click();
    const input = page.locator('.modal-ux input[type=text]').first();
    await input.fill('pasted-bearer-token-value');
    await page.locator('.modal-ux button.authorize').first().click();
    // Runs in the page, where the storages exist (the test's own types know no DOM).
    const stored = await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(String(stored)).not.toContain('pasted-bearer-token-value');
    await page.close();
  });

  it('answers JSON with no-store and a deny-all policy, errors included', async () => {
    const token = await api.adminToken();
    for (const [path, status] of [
      ['/api/v1/patients', 200],
      ['/api/v1/patients/00000000-0000-4000-8000-000000000000', 404],
      ['/api/v1/nothing-here', 404],
    ] as const) {
      const reply = await api.request('GET', path, { token });
      expect(reply.status).toBe(status);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});
