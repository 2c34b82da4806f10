/**
 * A real browser for tests that look at pages the way a patient does: the system Chromium driven
 * by playwright-core, which ships no browser of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Headless, and without the sandbox (unavailable in containers) or background network traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A context sized and behaving like a current mid-size phone, where patients open survey links. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
}

/** `test-artifacts/screenshots` under the repository root, created if missing. */
export function screenshotDir(): string {
  const dir = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
