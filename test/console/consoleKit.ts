/**
 * What the staff console's browser tests share: the hub (API, worker, relay, MLLP) on a fresh
 * database serving the built console, one Chromium, sign-in through the real form, axe-core and
 * screenshots per screen and language.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../api/console/build';
import { launchChromium, screenshotDir } from '../support/browser';
import { startTestHub, type TestHub } from '../support/testHub';

export type Language = 'ar' | 'en';
export const LANGUAGES: Language[] = ['ar', 'en'];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsoleKit {
  hub: TestHub;
  browser: Browser;
  base: string;
  /** A new browser context (its own cookies), desktop-sized, CSP bypassed only so axe can be injected. */
  context(): Promise<BrowserContext>;
  /** Closes the contexts opened so far (each test's own cookies and routes). */
  closeContexts(): Promise<void>;
  close(): Promise<void>;
}

export async function startConsoleKit(): Promise<ConsoleKit> {
  // A build older than the sources would test yesterday's console.
  ensureConsoleBuilt();
  // Every test signs in through the form from 127.0.0.1: the per-address limit would stop the suite, not a user.
  const [hub, browser] = await Promise.all([startTestHub({ env: { PX_LOGIN_RATE_LIMIT: '1000' } }), launchChromium()]);
  const contexts: BrowserContext[] = [];
  return {
    hub,
    browser,
    base: hub.api.baseUrl,
    async context() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true, locale: 'ar-SA', timezoneId: 'Asia/Riyadh' });
      contexts.push(context);
      return context;
    },
    async closeContexts() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    },
    async close() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
      await browser.close();
      await hub.close();
    },
  };
}

/** Opens a console path in a language and waits for the screen's marker and the network to settle. */
export async function visit(page: Page, base: string, pathAndQuery: string, language: Language, ready: string): Promise<void> {
  const url = new URL(`${base}/console${pathAndQuery}`);
  url.searchParams.set('lang', language);
  await page.goto(url.toString());
  try {
    await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 });
  } catch (error) {
    const text = await page.locator('body').innerText().catch(() => '');
    throw new Error(`${pathAndQuery} (${language}) did not show ${ready}; the page says: ${text.slice(0, 600)}`, { cause: error });
  }
  await page.waitForLoadState('networkidle');
}

/** Signs in through the form, as a person would, and waits for the navigation. */
export async function signIn(page: Page, base: string, email: string, password: string, language: Language): Promise<void> {
  await page.goto(`${base}/console/?lang=${language}`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('nav').waitFor({ state: 'visible' });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; any: { message: string }[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)')) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} [${n.any.map((a) => a.message).join('; ')}]`).slice(0, 5).join(', ')}`);
}

export async function screenshot(page: Page, name: string, language: Language): Promise<void> {
  const dir = path.join(screenshotDir(), 'console');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}-${language}.png`), fullPage: true });
}

/** Axe and a screenshot: what every screen gets in every language. */
export async function checkScreen(page: Page, name: string, language: Language): Promise<void> {
  await screenshot(page, name, language);
  expect({ screen: name, language, violations: await seriousViolations(page) }).toEqual({ screen: name, language, violations: [] });
}
