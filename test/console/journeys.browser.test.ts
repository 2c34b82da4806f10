/**
 * The Journeys builder and the event-mappings editor in Chromium against the real API: build a
 * journey's next version with two stages and see it in the versions list, the API's refusal beside
 * the form, edit and delete an event mapping, and the roles that may only read. Both languages,
 * axe-core and a screenshot of each new screen.
 */
import type { Page } from 'playwright-core';
import { Hospital } from '../../models/entities';
import { ADMIN_EMAIL, ADMIN_PASSWORD, USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(120_000);

let kit: ConsoleKit;
let api: TestApi;
let demo: Hospital;
const people: Record<'coordinator' | 'hospitalAdmin', { email: string; token: string }> = {} as never;

async function pageAs(who: keyof typeof people | 'pxAdmin', language: Language): Promise<Page> {
  const page = await (await kit.context()).newPage();
  if (who === 'pxAdmin') await signIn(page, kit.base, ADMIN_EMAIL, ADMIN_PASSWORD, language);
  else await signIn(page, kit.base, people[who].email, USER_PASSWORD, language);
  return page;
}

async function journeyVersionOne(code: string): Promise<string> {
  const reply = await api.request('POST', '/api/v1/journeys', {
    token: people.hospitalAdmin.token,
    body: {
      hospitalId: demo.id,
      code,
      nameEn: 'Day surgery',
      nameAr: 'جراحة اليوم الواحد',
      patientClasses: ['Z'],
      startEvents: [],
      inactivityTimeout: 'P2D',
      stages: [{ code: 'ARRIVAL', nameEn: 'Arrival', nameAr: 'الوصول', triggerEvents: ['REGISTRATION'], terminal: true }],
    },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

async function pick(page: Page, input: ReturnType<Page['getByLabel']>, option: string): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
  for (const [key, role] of [['coordinator', 'PX_COORDINATOR'], ['hospitalAdmin', 'HOSPITAL_ADMIN']] as const) {
    const user = await api.createUser(role);
    people[key] = { email: user.email, token: await api.login(user.email) };
  }
});

afterAll(async () => {
  await kit?.close();
});

describe('journey builder', () => {
  it('builds the next version of a journey with two stages; the versions list shows version 2 applying to new encounters', async () => {
    const id = await journeyVersionOne('DAY_SURGERY');
    const page = await pageAs('hospitalAdmin', 'en');
    await visit(page, kit.base, `/journeys?journey=${id}`, 'en', '[data-testid=journey-versions] tbody tr');
    await page.getByRole('button', { name: 'Edit (new version)' }).click();
    const builder = page.getByTestId('journey-builder');
    await expect(builder.getByTestId('applies-to-new').innerText()).resolves.toMatch(/new encounters only/);
    await builder.getByRole('button', { name: 'Add stage' }).click();
    const second = builder.getByTestId('builder-stage').nth(1);
    await second.getByLabel(/^Stage code/).fill('RECOVERY_DONE');
    await second.getByLabel(/^Name \(Arabic\)/).fill('انتهاء الإفاقة');
    await second.getByLabel(/^Name \(English\)/).fill('Recovery done');
    await pick(page, second.getByLabel(/^Trigger events/), 'DISCHARGE');
    await page.keyboard.press('Escape');
    await second.getByLabel(/^Survey/).click();
    await page.getByRole('option').first().click();
    await second.getByLabel(/^Send survey after/).fill('4');
    await expect(second.getByTestId('send-delay-words').innerText()).resolves.toMatch(/^4 hours/);
    await second.getByLabel('Final stage (completes the encounter)').check();

    // Two final stages: the API refuses, and says why beside the form.
    await builder.getByRole('button', { name: 'Save as new version' }).click();
    await expect(builder.getByTestId('error-alert').innerText()).resolves.toMatch(/The journey was not saved[\s\S]*Stages: a journey needs exactly one final stage \(it has 2\)/);
    await builder.getByTestId('builder-stage').nth(0).getByLabel('Final stage (completes the encounter)').uncheck();
    await builder.getByRole('button', { name: 'Save as new version' }).click();

    const versions = page.getByTestId('journey-versions');
    await versions.locator('tr[data-version="2"]').waitFor();
    await expect(versions.locator('tr[data-version="2"]').innerText()).resolves.toMatch(/Applies to new encounters/i);
    await expect(versions.locator('tr[data-version="1"]').innerText()).resolves.toMatch(/Retired/i);
    const stages = page.getByTestId('journey-stages');
    await expect(stages.locator('tbody tr').count()).resolves.toBe(2);
    await expect(stages.locator('tbody tr').nth(1).innerText()).resolves.toMatch(/Recovery done[\s\S]*DISCHARGE[\s\S]*4 hours/);
    expect(page.url()).not.toContain(id);

    // The old version stays readable and can no longer be edited.
    await visit(page, kit.base, `/journeys?journey=${id}`, 'en', '[data-testid=journey-versions] tbody tr[data-version="2"]');
    await expect(page.getByRole('button', { name: 'Edit (new version)' }).count()).resolves.toBe(0);
  });

  it('shows the builder and the versions list in both languages', async () => {
    const id = await journeyVersionOne('DAY_CLINIC');
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, `/journeys?journey=${id}`, language, '[data-testid=journey-versions] tbody tr');
      await page.waitForLoadState('networkidle');
      await checkScreen(page, 'journey-versions', language);
      await page.getByRole('button', { name: language === 'ar' ? 'تعديل (إصدار جديد)' : 'Edit (new version)' }).click();
      await page.getByTestId('journey-builder').waitFor();
      await page.getByRole('button', { name: language === 'ar' ? 'إضافة مرحلة' : 'Add stage' }).click();
      await expect(page.getByTestId('builder-stage').count()).resolves.toBe(2);
      await checkScreen(page, 'journey-builder', language);
    }
  });

  it('a PX coordinator reads journeys but has no builder', async () => {
    const page = await pageAs('coordinator', 'en');
    const { body } = await api.request('GET', '/api/v1/journeys?code=DAY_SURGERY', { token: people.coordinator.token });
    await visit(page, kit.base, `/journeys?journey=${body.items[0].id}`, 'en', '[data-testid=journey-versions] tbody tr');
    await expect(page.getByRole('button', { name: 'Edit (new version)' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'New journey' }).count()).resolves.toBe(0);
  });
});

describe('event mappings editor', () => {
  it('a PX admin edits a mapping and sees the change in the list, then deletes it', async () => {
    const admin = await api.adminToken();
    const created = await api.request('POST', '/api/v1/integration/event-mappings', { token: admin, body: { messageType: 'ADT', triggerEvent: 'Z99', eventCode: 'REGISTRATION' } });
    expect(created.status).toBe(201);
    const page = await pageAs('pxAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/integration/mappings', language, `[data-mapping="${created.body.id}"]`);
      await page.getByRole('button', { name: language === 'ar' ? 'تعديل ADT^Z99' : 'Edit ADT^Z99' }).click();
      await page.getByTestId('mapping-form').waitFor();
      await checkScreen(page, 'integration-mapping-form', language);
    }
    await visit(page, kit.base, '/integration/mappings', 'en', `[data-mapping="${created.body.id}"]`);
    await page.getByRole('button', { name: 'Edit ADT^Z99' }).click();
    const form = page.getByTestId('mapping-form');
    await form.getByLabel(/^Event/).click();
    await page.getByRole('option', { name: 'DEMOGRAPHICS_UPDATE', exact: true }).click();
    await form.getByLabel(/^Priority/).fill('7');
    await form.getByRole('button', { name: 'Save mapping' }).click();
    await form.waitFor({ state: 'detached' });
    const row = page.locator(`[data-mapping="${created.body.id}"]`);
    await row.getByText('DEMOGRAPHICS_UPDATE').waitFor();
    await expect(row.innerText()).resolves.toContain('7');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete ADT^Z99' }).click();
    await row.waitFor({ state: 'detached' });
    const gone = await api.request('GET', `/api/v1/integration/event-mappings/${created.body.id}`, { token: admin });
    expect(gone.status).toBe(404);
  });

  it('a hospital admin reads the mappings and cannot change them', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/integration/mappings', language, '[data-testid=mappings-table] tbody tr');
      await page.getByTestId('mappings-read-only').waitFor();
      await expect(page.getByTestId('mappings-table').getByRole('button').count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: language === 'ar' ? 'إضافة ربط' : 'Add mapping' }).count()).resolves.toBe(0);
      await checkScreen(page, 'integration-mappings-read-only', language);
    }
  });
});
