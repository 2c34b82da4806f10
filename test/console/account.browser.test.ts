/**
 * A staff member's own account and the end of a PX action, in Chromium against the real API and
 * worker: changing the password (refusals explained in the user's language, the new password the
 * one that signs in), and cancelling an action with a reason. Arabic and English, axe, screenshots.
 */
import type { Page } from 'playwright-core';
import { Department, Hospital } from '../../models/entities';
import { eventually } from '../support/eventually';
import { USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(120_000);

let kit: ConsoleKit;
let api: TestApi;
let demo: Hospital;
let ed: Department;

async function pageFor(email: string, password: string, language: Language): Promise<Page> {
  const page = await (await kit.context()).newPage();
  await signIn(page, kit.base, email, password, language);
  return page;
}

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  const em = api.em();
  demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
  ed = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
});

afterEach(async () => {
  await kit?.closeContexts();
});

afterAll(async () => {
  await kit?.close();
});

describe('changing my password', () => {
  it('explains a wrong current password and a guessable new one in Arabic, then changes it; the new one signs in, the old one not', async () => {
    const user = await api.createUser('NURSE', { hospitalId: demo.id, departmentId: ed.id });
    const page = await pageFor(user.email, USER_PASSWORD, 'ar');
    await visit(page, kit.base, '/account', 'ar', 'form');
    const current = page.getByLabel('كلمة المرور الحالية');
    const next = page.getByLabel('كلمة المرور الجديدة');
    const submit = page.locator('form').getByRole('button', { name: 'تغيير كلمة المرور' });
    const notice = page.locator('form').getByRole('status');

    await current.fill('not-my-password-at-all');
    await next.fill('Qamar wadi 42 zaitoun!');
    await submit.click();
    await expect(notice.innerText()).resolves.toContain('هذه ليست كلمة المرور الحالية');

    await current.fill(USER_PASSWORD);
    await next.fill('password1234');
    await submit.click();
    await eventually(async () => ((await notice.innerText()).includes('سهلة التخمين') ? true : undefined), 10_000, 'weak password explained');
    await checkScreen(page, 'account-password-refused', 'ar');

    const chosen = 'Qamar wadi 42 zaitoun!';
    await current.fill(USER_PASSWORD);
    await next.fill(chosen);
    await submit.click();
    await eventually(async () => ((await notice.innerText()).includes('تم') || (await notice.innerText()).includes('تغيير') ? true : undefined), 10_000, 'changed');
    await expect(current.inputValue()).resolves.toBe('');

    const refused = await fetch(`${kit.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: USER_PASSWORD }) });
    expect(refused.status).toBe(401);
    const fresh = await pageFor(user.email, chosen, 'en');
    await expect(fresh.locator('nav').isVisible()).resolves.toBe(true);
  });
});

describe('one session in several tabs', () => {
  it('keeps both tabs signed in when they renew the session at the same moment (no refresh-token reuse)', async () => {
    const user = await api.createUser('STAFF', { hospitalId: demo.id });
    const context = await kit.context();
    const first = await context.newPage();
    await signIn(first, kit.base, user.email, USER_PASSWORD, 'en');
    const second = await context.newPage();
    await second.goto(`${kit.base}/console/?lang=en`);
    await second.locator('nav').waitFor();
    for (let round = 0; round < 3; round++) {
      // Both tabs reload together: each renews the session from the shared refresh cookie.
      await Promise.all([first.reload(), second.reload()]);
      await Promise.all([first.locator('nav').waitFor({ timeout: 15_000 }), second.locator('nav').waitFor({ timeout: 15_000 })]);
    }
    await first.reload();
    await first.locator('nav').waitFor({ timeout: 15_000 });
    await expect(first.locator('input[type=email]').count()).resolves.toBe(0);
    await expect(second.locator('input[type=email]').count()).resolves.toBe(0);
  });
});

describe('cancelling a PX action', () => {
  it('cancels an action only with a reason and shows why it was cancelled — in English', async () => {
    const coordinator = await api.createUser('PX_COORDINATOR', { hospitalId: demo.id });
    const token = await api.login(coordinator.email);
    const reply = await api.request('POST', '/api/v1/actions', { token, body: { hospitalId: demo.id, departmentId: ed.id, title: 'Add evening signage to the triage desk', priority: 'low' } });
    expect(reply.status).toBe(201);
    const action = reply.body as { id: string; referenceNo: string };
    const page = await pageFor(coordinator.email, USER_PASSWORD, 'en');
    await visit(page, kit.base, `/actions/${action.id}`, 'en', '[data-testid=timeline]');

    await page.getByRole('button', { name: 'Cancel action' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    // Without a reason nothing is sent: the dialog stays and the action stays open.
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.getByLabel('Reason').fill('Replaced by the hospital-wide wayfinding project.');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid=timeline] [data-kind=cancelled]').waitFor({ timeout: 20_000 });
    await expect(page.getByText('Why it was cancelled').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Replaced by the hospital-wide wayfinding project.').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Cancel action' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('operations-finished').isVisible()).resolves.toBe(true);
    await checkScreen(page, 'action-cancelled', 'en');
    const stored = await api.request('GET', `/api/v1/actions/${action.id}`, { token });
    expect(stored.body.status).toBe('cancelled');
  });
});
