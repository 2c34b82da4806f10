/**
 * The staff console in Chromium against the real API on a fresh database, with the worker running
 * the complaint and action workflows: every screen in Arabic (right-to-left) and English, a real
 * flow per screen, the navigation each role gets, axe-core with no serious or critical violation,
 * and a screenshot of every screen in both languages (test-artifacts/screenshots/console).
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { Department, Hospital, Patient, SurveyInstance, SurveyTemplate } from '../../models/entities';
import { adt } from '../support/hl7Messages';
import { MllpTestClient } from '../support/mllpClient';
import { eventually } from '../support/eventually';
import { ADMIN_EMAIL, ADMIN_PASSWORD, USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(120_000);

const EN_NAV = ['Analytics', 'Complaints', 'Actions', 'Surveys', 'Journeys', 'Patients', 'Integration', 'Administration', 'Audit'];
const AR_NAV = ['التحليلات', 'الشكاوى', 'الإجراءات', 'الاستبيانات', 'رحلات المرضى', 'المرضى', 'التكامل', 'الإدارة', 'سجل التدقيق'];

let kit: ConsoleKit;
let api: TestApi;
let demo: Hospital;
let ed: Department;
const people: Record<'coordinator' | 'hospitalAdmin' | 'staff' | 'viewer', { email: string; token: string; id: string }> = {} as never;
let otherComplaintId: string;
let patient: Patient;
let surveyId: string;
let failedControlId: string;

async function fileComplaint(token: string, fields: Record<string, unknown> = {}): Promise<{ id: string; referenceNo: string }> {
  const reply = await api.request('POST', '/api/v1/complaints', {
    token,
    body: { hospitalId: demo.id, departmentId: ed.id, severity: 'high', category: 'waiting_time', description: 'Waited four hours in triage; nobody explained the delay.', sourceChannel: 'walk_in', contactName: 'Noura Al-Qahtani', ...fields },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

async function openAction(token: string, title: string): Promise<{ id: string; referenceNo: string }> {
  const reply = await api.request('POST', '/api/v1/actions', { token, body: { hospitalId: demo.id, departmentId: ed.id, title, priority: 'medium' } });
  expect(reply.status).toBe(201);
  return reply.body;
}

async function newPage(): Promise<Page> {
  const context = await kit.context();
  return context.newPage();
}

async function pageAs(who: keyof typeof people | 'pxAdmin', language: Language): Promise<Page> {
  const page = await newPage();
  if (who === 'pxAdmin') await signIn(page, kit.base, ADMIN_EMAIL, ADMIN_PASSWORD, language);
  else await signIn(page, kit.base, people[who].email, USER_PASSWORD, language);
  return page;
}

const navNames = (page: Page) => page.locator('nav a').allInnerTexts();

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  const em = api.em();
  demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
  ed = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
  for (const [key, role] of [['coordinator', 'PX_COORDINATOR'], ['hospitalAdmin', 'HOSPITAL_ADMIN'], ['staff', 'STAFF'], ['viewer', 'VIEWER']] as const) {
    const user = await api.createUser(role);
    people[key] = { email: user.email, id: user.id, token: await api.login(user.email) };
  }
  // Another hospital's complaint: outside every DEMO user's scope.
  const other = await api.createHospital(`OTH${Date.now() % 100000}`);
  const admin = await api.adminToken();
  const reply = await api.request('POST', '/api/v1/complaints', { token: admin, body: { hospitalId: other.id, severity: 'low', category: 'billing', description: 'Charged twice for one visit.', sourceChannel: 'phone' } });
  otherComplaintId = reply.body.id;

  // A patient with a survey answered badly, as the survey workflow leaves it.
  const template = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT', active: true }, { orderBy: { version: 'desc' } });
  patient = Object.assign(new Patient(), { hospitalId: demo.id, mrn: `MRN-${randomUUID().slice(0, 8)}`, fullNameAr: 'سارة العتيبي', fullNameEn: 'Sara Al-Otaibi', phone: '+966500000007', preferredLanguage: 'ar', optOutSms: true });
  const now = new Date();
  const survey = Object.assign(new SurveyInstance(), {
    hospitalId: demo.id,
    workflowId: `survey:console-test:${randomUUID()}`,
    templateId: template.id,
    templateCode: 'OPD_VISIT',
    patientId: patient.id,
    status: 'completed',
    language: 'ar',
    channel: 'whatsapp',
    sentAt: new Date(now.getTime() - 3_600_000),
    completedAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000),
    score: 35,
    negative: true,
    negativeReasons: ['below_threshold'],
  });
  em.persist([patient, survey]);
  await em.flush();
  surveyId = survey.id;

  // An HL7 message from a facility nobody knows: answered AR and kept as failed in the inbox.
  const mllp = await MllpTestClient.connect(kit.hub.listener.port);
  failedControlId = `CONSOLE${Date.now()}`;
  await mllp.send(adt('A04', { visit: `V${Date.now()}`, mrn: 'UNKNOWN-1', facility: 'NOWHERE', control: failedControlId }));
  mllp.close();
});

afterEach(async () => {
  await kit?.closeContexts();
});

afterAll(async () => {
  await kit?.close();
});

describe('serving', () => {
  it('answers /console/ and deep links with the application, hashed assets with a long cache', async () => {
    const index = await fetch(`${kit.base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const deep = await fetch(`${kit.base}/console/complaints/${randomUUID()}`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const script = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)![1];
    const asset = await fetch(kit.base + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${kit.base}/console/assets/gone-1234.js`)).status).toBe(404);
    // Every screen is its own chunk: what a first visit downloads stays within 250 KB compressed.
    expect(gzipSync(Buffer.from(await asset.arrayBuffer()), { level: 9 }).length).toBeLessThanOrEqual(250 * 1024);
    expect((html.match(/<script/g) ?? []).length).toBe(1);
  });
});

describe('sign-in', () => {
  it('has labelled email and password fields, explains a wrong password and then the lockout in Arabic', async () => {
    const user = await api.createUser('STAFF');
    const page = await newPage();
    await page.goto(`${kit.base}/console/?lang=ar`);
    expect(await page.evaluate('[document.documentElement.dir, document.documentElement.lang]')).toEqual(['rtl', 'ar']);
    await expect(page.getByLabel(/^البريد الإلكتروني/).getAttribute('type')).resolves.toBe('email');
    await expect(page.getByLabel(/^كلمة المرور/).getAttribute('type')).resolves.toBe('password');
    await expect(page.getByText('البريد الإلكتروني').first().isVisible()).resolves.toBe(true);
    await checkScreen(page, 'sign-in', 'ar');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.locator('input[type=email]').fill(user.email);
      await page.locator('input[type=password]').fill('not the password at all');
      await page.locator('button[type=submit]').click();
      const message = page.getByTestId('sign-in-error');
      await message.waitFor();
      if (attempt < 5) await expect(message.innerText()).resolves.toContain('غير صحيحة');
      else await eventually(async () => ((await message.innerText()).includes('أُقفل هذا الحساب') ? true : undefined), 5_000, 'lockout explained');
    }
  });

  it('explains throttling in English, with the wait the API asks for', async () => {
    const page = await newPage();
    await page.route('**/api/v1/auth/session', (route) =>
      route.fulfill({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '120' }, body: JSON.stringify({ error: { code: 'too_many_requests', message: 'too many login attempts' } }) }),
    );
    await page.goto(`${kit.base}/console/?lang=en`);
    await page.getByLabel(/^Email/).waitFor();
    await expect(page.getByLabel(/^Password/).isVisible()).resolves.toBe(true);
    await checkScreen(page, 'sign-in', 'en');
    await page.locator('input[type=email]').fill('someone@px360.test');
    await page.locator('input[type=password]').fill('whatever-it-is');
    await page.locator('button[type=submit]').click();
    await expect(page.getByTestId('sign-in-error').innerText()).resolves.toMatch(/Too many sign-in attempts.*Wait 2 hr|Too many sign-in attempts.*Wait 2 min/);
  });

  it('keeps the session across a reload, signs out after the idle time, and stores the language switch on the user', async () => {
    const page = await newPage();
    await page.route('**/api/v1/auth/session', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({ response, json: { ...body, idleTimeoutSeconds: 3 } });
    });
    await signIn(page, kit.base, people.staff.email, USER_PASSWORD, 'ar');
    await page.reload();
    await page.locator('nav').waitFor();
    // English one click away, kept on the user for the next sign-in.
    await page.getByRole('button', { name: 'English' }).click();
    await eventually(async () => ((await page.evaluate('document.documentElement.dir')) === 'ltr' ? true : undefined), 5_000, 'ltr');
    await expect(page.locator('nav a').nth(1).innerText()).resolves.toBe('Complaints');
    await eventually(async () => ((await api.request('GET', '/api/v1/me', { token: people.staff.token })).body.language === 'en' ? true : undefined), 5_000, 'language stored');
    // No activity: the reloaded page's session (not intercepted) renews with the real timeout, so sign in again with the short one.
    await page.getByRole('button', { name: 'STAFF tester' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.locator('input[type=email]').waitFor();
    await page.locator('input[type=email]').fill(people.staff.email);
    await page.locator('input[type=password]').fill(USER_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('nav').waitFor();
    await page.locator('input[type=email]').waitFor({ timeout: 10_000 });
    await expect(page.getByText('You were signed out after a period without activity', { exact: false }).isVisible()).resolves.toBe(true);
    await api.request('PATCH', '/api/v1/me', { token: people.staff.token, body: { language: 'ar' } });
  });
});

describe('navigation by role', () => {
  it('mirrors the shell in Arabic with the navigation on the right, and names the screens in English', async () => {
    const page = await pageAs('pxAdmin', 'ar');
    expect(await page.evaluate('[document.documentElement.dir, document.documentElement.lang]')).toEqual(['rtl', 'ar']);
    expect(await navNames(page)).toEqual(AR_NAV);
    const nav = (await page.locator('nav').boundingBox())!;
    expect(nav.x + nav.width).toBeGreaterThan(1366 - 5);
    expect(nav.x).toBeGreaterThan(1366 / 2);
    await visit(page, kit.base, '/', 'en', 'nav a');
    expect(await page.evaluate('document.documentElement.dir')).toBe('ltr');
    expect(await navNames(page)).toEqual(EN_NAV);
    const navEn = (await page.locator('nav').boundingBox())!;
    expect(navEn.x).toBeLessThan(5);
  });

  it('shows each role only the screens it may use, and a not-found page for the rest and for other hospitals', async () => {
    const coordinator = await pageAs('coordinator', 'en');
    expect(await navNames(coordinator)).toEqual(EN_NAV.slice(0, 6));
    for (const language of LANGUAGES) {
      await visit(coordinator, kit.base, '/audit', language, '[data-testid=not-found]');
      await checkScreen(coordinator, 'not-found', language);
    }
    await visit(coordinator, kit.base, '/integration/messages', 'en', '[data-testid=not-found]');
    await visit(coordinator, kit.base, `/complaints/${otherComplaintId}`, 'en', '[data-testid=not-found]');
    await expect(coordinator.getByText('Charged twice').count()).resolves.toBe(0);

    const hospitalAdmin = await pageAs('hospitalAdmin', 'en');
    expect(await navNames(hospitalAdmin)).toEqual(EN_NAV);
    const staff = await pageAs('staff', 'en');
    expect(await navNames(staff)).toEqual(EN_NAV.slice(0, 6));
    const viewer = await pageAs('viewer', 'en');
    expect(await navNames(viewer)).toEqual(['Analytics']);
    await visit(viewer, kit.base, '/complaints', 'en', '[data-testid=not-found]');
  });
});

describe('my work', () => {
  it('lists my open complaints and what waits for my approval', async () => {
    const mine = await fileComplaint(people.coordinator.token, { severity: 'medium' });
    await eventually(async () => ((await api.request('POST', `/api/v1/complaints/${mine.id}/assign`, { token: people.coordinator.token, body: { assigneeId: people.coordinator.id } })).status === 200 ? true : undefined), 20_000, 'assigned');
    const page = await pageAs('coordinator', 'ar');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/', language, '[data-testid=my-complaints] a');
      await expect(page.getByTestId('my-complaints').getByText(mine.referenceNo).isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('awaiting-approval').isVisible()).resolves.toBe(true);
      await checkScreen(page, 'my-work', language);
    }
  });
});

describe('complaints', () => {
  it('acknowledges a complaint (timeline and countdown change), shows the API refusal, and resolves with a root cause — in English', async () => {
    const complaint = await fileComplaint(people.coordinator.token);
    const page = await pageAs('coordinator', 'en');
    await visit(page, kit.base, `/complaints/${complaint.id}`, 'en', '[data-testid=timeline]');
    await eventually(async () => ((await page.getByTestId('ack-countdown').textContent())?.includes('left') ? true : undefined), 20_000, 'acknowledge countdown').catch(async (error) => {
      throw new Error(`${error.message}; it shows: ${await page.getByTestId('sla-card').innerText()}`);
    });
    await expect(page.getByTestId('sla-card').innerText()).resolves.toMatch(/AH/);
    await checkScreen(page, 'complaint', 'en');

    // Closing an open complaint does not fit its state: the API's reason is shown.
    await page.getByRole('button', { name: 'Close', exact: true }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const refusal = page.getByRole('dialog').getByTestId('error-alert');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toMatch(/Not possible now[\s\S]*cannot be closed/);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('[data-testid=timeline] [data-kind=acknowledged]').waitFor();
    await expect(page.getByTestId('ack-countdown').textContent()).resolves.toBe('Met');
    await expect(page.getByTestId('resolve-countdown').textContent()).resolves.toContain('left');

    await page.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Root cause').fill('Triage nurse shortage on the evening shift');
    await dialog.getByLabel('What was done').fill('Added a second triage nurse from 16:00; patient called back and apologised to.');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid=timeline] [data-kind=resolved]').waitFor();
    await expect(page.getByText('Triage nurse shortage on the evening shift').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('resolve-countdown').textContent()).resolves.toBe('Met');
  });

  it('queues complaints with Hijri due dates and live countdowns, bulk-assigns them and adds a note — in Arabic', async () => {
    const first = await fileComplaint(people.coordinator.token, { sourceChannel: 'moh_937' });
    const second = await fileComplaint(people.coordinator.token, { sourceChannel: 'moh_937', severity: 'critical' });
    // The workflow plans the due dates: wait until both have them.
    for (const c of [first, second]) await eventually(async () => ((await api.request('GET', `/api/v1/complaints/${c.id}`, { token: people.coordinator.token })).body.acknowledgeBy ? true : undefined), 20_000, 'due date planned');
    const page = await pageAs('coordinator', 'ar');
    await visit(page, kit.base, '/complaints?view=moh937', 'ar', '[data-testid=complaints-table] tbody tr');
    const table = page.getByTestId('complaints-table');
    await expect(table.innerText()).resolves.toContain('هـ');
    const countdown = table.locator('tr', { hasText: first.referenceNo }).getByTestId('sla-countdown');
    const before = (await countdown.textContent()) ?? '';
    expect(before).toMatch(/متبقٍ/);
    await checkScreen(page, 'complaints', 'ar');

    for (const c of [first, second]) await page.getByLabel(`تحديد ${c.referenceNo}`).check();
    await page.getByRole('combobox', { name: 'إسناد إلى' }).click();
    await page.getByRole('option', { name: 'أنا' }).click();
    await page.getByRole('button', { name: 'إسناد المحدد' }).click();
    await page.getByText('أُسندت ٢، ورُفضت ٠').waitFor();
    await eventually(async () => ((await table.locator('tr', { hasText: second.referenceNo }).innerText()).includes('أنا') ? true : undefined), 10_000, 'assignee shown');

    await page.getByRole('link', { name: first.referenceNo }).click();
    await page.getByTestId('timeline').waitFor();
    await page.getByRole('button', { name: 'إضافة ملاحظة' }).click();
    await page.getByRole('dialog').getByLabel('ملاحظة').fill('اتصلت بالمريضة وشرحت سبب التأخير.');
    await page.getByRole('dialog').getByRole('button', { name: 'تأكيد' }).click();
    const note = page.getByTestId('timeline').getByText('اتصلت بالمريضة وشرحت سبب التأخير.');
    await note.waitFor();
    await expect(note.getAttribute('dir')).resolves.toBe('auto');
    await page.waitForLoadState('networkidle');
    await checkScreen(page, 'complaint', 'ar');

    await visit(page, kit.base, '/complaints', 'en', '[data-testid=complaints-table] tbody tr');
    await checkScreen(page, 'complaints', 'en');
  });

  it('files a complaint for a patient found by MRN', async () => {
    const page = await pageAs('staff', 'ar');
    await visit(page, kit.base, '/complaints/new', 'en', 'form');
    await checkScreen(page, 'complaint-new', 'en');
    await visit(page, kit.base, '/complaints/new', 'ar', 'form');
    await checkScreen(page, 'complaint-new', 'ar');
    await page.getByLabel('رقم الملف أو الهاتف').fill(patient.mrn);
    await page.getByRole('button', { name: 'بحث' }).click();
    await page.getByTestId('patient-matches').getByRole('button', { name: 'اختيار' }).click();
    await page.getByRole('combobox', { name: 'التصنيف' }).click();
    await page.getByRole('option', { name: 'النظافة' }).click();
    await page.getByLabel('ما الذي حدث').fill('دورات المياه في العيادات الخارجية غير نظيفة.');
    await page.getByRole('button', { name: 'تسجيل الشكوى' }).click();
    await page.getByTestId('timeline').waitFor();
    await expect(page.locator('h1').innerText()).resolves.toMatch(/CMP-\d{4}-\d+/);
    await expect(page.getByText('دورات المياه في العيادات الخارجية غير نظيفة.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'فتح ملف المريض' }).getAttribute('href')).resolves.toBe(`/console/patients/${patient.id}`);
  });
});

describe('PX actions', () => {
  it('takes an action from the board through progress and evidence to approval — in Arabic', async () => {
    const action = await openAction(people.coordinator.token, 'تقليل مدة الانتظار في الفرز');
    const page = await pageAs('coordinator', 'ar');
    await visit(page, kit.base, '/actions', 'ar', '[data-testid=action-card]');
    await page.getByRole('region', { name: 'مفتوحة' }).getByText(action.referenceNo).waitFor();
    await checkScreen(page, 'actions-board', 'ar');
    await page.getByRole('link', { name: action.referenceNo }).click();
    await page.getByTestId('timeline').waitFor();
    await checkScreen(page, 'action', 'ar');
    const step = async (button: string, label: string | null, text: string | null, status: string) => {
      await page.getByRole('button', { name: button }).click();
      if (label && text) {
        await page.getByRole('dialog').getByLabel(label).fill(text);
        await page.getByRole('dialog').getByRole('button', { name: 'تأكيد' }).click();
      }
      await page.locator('h1').getByText(status).waitFor();
    };
    await step('تسجيل تقدّم', 'ما الذي تم', 'أضيفت ممرضة فرز ثانية في المساء.', 'قيد التنفيذ');
    await step('تقديم مع الشواهد', 'الشواهد', 'متوسط الانتظار انخفض من ٤٠ إلى ١٥ دقيقة.', 'بانتظار الاعتماد');
    await step('اعتماد', null, null, 'معتمد');
    await page.locator('[data-testid=timeline] [data-kind=approved]').waitFor();
    await visit(page, kit.base, '/actions?view=list', 'ar', '[data-testid=actions-table]');
    await checkScreen(page, 'actions-list', 'ar');
  });

  it('rejects submitted work with a reason and sends it back — in English', async () => {
    const action = await openAction(people.coordinator.token, 'Repaint the ED waiting area');
    await eventually(async () => ((await api.request('POST', `/api/v1/actions/${action.id}/submit`, { token: people.coordinator.token, body: { evidence: 'Photos of the repainted area.' } })).status === 200 ? true : undefined), 20_000, 'submitted');
    const page = await pageAs('coordinator', 'en');
    await visit(page, kit.base, '/actions?view=approval', 'en', '[data-testid=actions-table] tbody tr');
    await expect(page.getByTestId('actions-table').innerText()).resolves.toContain(action.referenceNo);
    await checkScreen(page, 'actions-list', 'en');
    await visit(page, kit.base, '/actions', 'en', '[data-testid=action-card]');
    await checkScreen(page, 'actions-board', 'en');
    await visit(page, kit.base, `/actions/${action.id}`, 'en', '[data-testid=timeline]');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Only half of the wall was done.');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid=timeline] [data-kind=rejected]').waitFor();
    await expect(page.locator('h1').innerText()).resolves.not.toContain('Awaiting approval');
    await checkScreen(page, 'action', 'en');
  });
});

describe('surveys and patients', () => {
  it('lists surveys and shows one with its score, why it is negative, and its patient', async () => {
    const page = await pageAs('coordinator', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/surveys?negative=true', language, '[data-testid=surveys-table] tbody tr');
      await checkScreen(page, 'surveys', language);
      await visit(page, kit.base, `/surveys/${surveyId}`, language, 'h1');
      await expect(page.getByText(language === 'ar' ? 'درجة دون الحد' : 'Score below the threshold').isVisible()).resolves.toBe(true);
      await expect(page.getByText('٣٥').or(page.getByText('35', { exact: true })).first().isVisible()).resolves.toBe(true);
      await checkScreen(page, 'survey', language);
    }
    await page.getByRole('link', { name: 'Open patient' }).click();
    await page.getByTestId('opt-outs').waitFor();
  });

  it('edits a survey template with a live Arabic and English preview and saves a new version', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/surveys/templates', language, '[data-testid=templates-table] tbody tr');
      await checkScreen(page, 'survey-templates', language);
    }
    await page.getByRole('link', { name: 'Outpatient visit' }).click();
    await page.getByTestId('preview-ar').waitFor();
    const before = await page.getByTestId('template-version').textContent();
    const arabic = page.getByTestId('question-editor').first().getByLabel('Question (Arabic)');
    await arabic.fill('ما مدى رضاك عن سرعة التسجيل؟');
    await page.getByTestId('question-editor').first().getByLabel('Question (English)').fill('How satisfied were you with how fast registration was?');
    // The preview follows the editor as it is typed, before anything is saved.
    await expect(page.getByTestId('preview-ar').innerText()).resolves.toContain('ما مدى رضاك عن سرعة التسجيل؟');
    await expect(page.getByTestId('preview-ar').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.getByTestId('preview-en').innerText()).resolves.toContain('How satisfied were you with how fast registration was?');
    await page.waitForLoadState('networkidle');
    await checkScreen(page, 'survey-template', 'en');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(/Saved as version \d+/).waitFor();
    // The badge and the notice agree on the new version number.
    const notice = (await page.getByText(/Saved as version \d+/).textContent())!.match(/version (\d+)/)![1];
    expect(await page.getByTestId('template-version').textContent()).toBe(`Version ${notice}`);
    expect(`Version ${notice}`).not.toBe(before);
    await visit(page, kit.base, new URL(page.url()).pathname.replace('/console', ''), 'ar', '[data-testid=preview-ar]');
    await expect(page.getByTestId('preview-ar').innerText()).resolves.toContain('ما مدى رضاك عن سرعة التسجيل؟');
    await checkScreen(page, 'survey-template', 'ar');
  });

  it('finds a patient by name and shows the 360 view with opt-outs and the survey on the timeline', async () => {
    const page = await pageAs('staff', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/patients', language, '[data-testid=patients-table]');
      // One box finds by MRN, national id, phone in any form or name, Arabic or English.
      await page.getByLabel(language === 'ar' ? 'القيمة' : 'Value').fill(language === 'ar' ? 'العتيبي' : 'Sara Otaibi');
      await page.locator('form button[type=submit]').click();
      await page.getByRole('link', { name: patient.mrn }).waitFor();
      await checkScreen(page, 'patients', language);
      await page.getByRole('link', { name: patient.mrn }).click();
      await page.getByTestId('patient-timeline').waitFor();
      await expect(page.getByTestId('opt-outs').innerText()).resolves.toBe(language === 'ar' ? 'رسالة نصية' : 'SMS');
      await expect(page.getByTestId('patient-timeline').innerText()).resolves.toContain(language === 'ar' ? 'زيارة العيادات الخارجية' : 'Outpatient visit');
      await page.waitForLoadState('networkidle');
      await checkScreen(page, 'patient', language);
    }
  });
});

describe('integration, journeys, administration, audit', () => {
  it('shows a failed HL7 message with its error, ACK and raw content to a PX admin, and replays it', async () => {
    await eventually(async () => ((await api.request('GET', `/api/v1/integration/messages?controlId=${failedControlId}`, { token: await api.adminToken() })).body.total ? true : undefined), 10_000, 'failed message stored');
    const page = await pageAs('pxAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/integration/messages?status=failed', language, '[data-testid=inbox-table] tbody tr');
      await page.getByRole('button', { name: failedControlId }).click();
      await expect(page.getByTestId('raw-message').innerText()).resolves.toContain('NOWHERE');
      await checkScreen(page, 'integration-messages', language);
      await visit(page, kit.base, '/integration/sources', language, '[data-testid=sources-table]');
      await checkScreen(page, 'integration-sources', language);
      await visit(page, kit.base, '/integration/mappings', language, '[data-testid=mappings-table] tbody tr');
      await checkScreen(page, 'integration-mappings', language);
    }
    // A new REST source: its key is shown this once.
    await visit(page, kit.base, '/integration/sources', 'en', '[data-testid=sources-table]');
    await page.getByLabel(/^Code/).fill('PORTAL_UI');
    await page.getByLabel(/^Name/).fill('Patient portal');
    await page.getByRole('button', { name: 'Register source' }).click();
    await page.getByTestId('sources-table').getByText('PORTAL_UI').waitFor();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/shown only once[\s\S]*px_/);
    await visit(page, kit.base, '/integration/messages?status=failed', 'en', '[data-testid=inbox-table] tbody tr');
    const row = page.locator('tr', { hasText: failedControlId });
    await row.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Sent through again').or(page.getByTestId('error-alert')).first().waitFor();

    // A hospital admin monitors the inbox but does not read raw patient messages.
    const hospitalAdmin = await pageAs('hospitalAdmin', 'en');
    await visit(hospitalAdmin, kit.base, '/integration/messages', 'en', '[data-testid=inbox-table]');
    const rows = hospitalAdmin.locator('[data-testid=inbox-table] tbody tr');
    if ((await rows.count()) > 0) {
      await rows.first().getByRole('button').first().click();
      await expect(hospitalAdmin.getByTestId('raw-message').count()).resolves.toBe(0);
    }
  });

  it('shows journeys with their stages and encounters', async () => {
    const page = await pageAs('coordinator', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/journeys', language, '[data-testid=journeys-table] tbody tr');
      await page.locator('[data-testid=journeys-table] tbody tr').first().getByRole('button').click();
      await page.locator('[data-testid=journey-stages] tbody tr').first().waitFor();
      await page.waitForLoadState('networkidle');
      await checkScreen(page, 'journeys', language);
      await visit(page, kit.base, '/journeys?tab=encounters', language, '[data-testid=encounters-table]');
      await checkScreen(page, 'encounters', language);
    }
  });

  it('administers hospitals, departments, physicians, users, roles and SLA policies (durations in words)', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      for (const [tab, marker] of [['hospitals', 'hospitals-table'], ['departments', 'departments-table'], ['physicians', 'physicians-table'], ['employees', 'employees-table'], ['users', 'users-table'], ['roles', 'roles-table'], ['sla-policies', 'sla-table']]) {
        await visit(page, kit.base, `/admin/${tab}`, language, tab === 'employees' ? '[data-testid=employees-table]' : `[data-testid=${marker}] tbody tr`);
        await checkScreen(page, `admin-${tab}`, language);
      }
    }
    await visit(page, kit.base, '/admin/sla-policies', 'en', '[data-testid=sla-table] tbody tr');
    await expect(page.getByTestId('sla-table').innerText()).resolves.toMatch(/working (hours?|days?)/);
    await visit(page, kit.base, '/admin/hospitals', 'en', '[data-testid=hospitals-table] tbody tr');
    await page.getByRole('button', { name: 'PX360 Demo General Hospital' }).click();
    const calendar = page.getByTestId('hospital-calendar');
    await calendar.getByText(/Weekend: .*Friday/).waitFor();
    await calendar.getByLabel(/^Date/).fill('2027-02-22');
    await calendar.getByLabel(/^Holiday \(Arabic\)/).fill('يوم التأسيس');
    await calendar.getByLabel(/^Holiday \(English\)/).fill('Founding Day');
    await calendar.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByTestId('holidays').getByText('Founding Day').waitFor();
    await expect(page.getByTestId('holidays').innerText()).resolves.toMatch(/22 Feb 2027[\s\S]*AH/);
    await page.waitForLoadState('networkidle');
    await checkScreen(page, 'admin-hospital', 'en');
    await visit(page, kit.base, '/admin/users', 'en', '[data-testid=users-table] tbody tr');
    const email = `new.nurse.${Date.now()}@px360.test`;
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Full name/).fill('Huda Al-Shehri');
    await page.getByLabel(/^Password/).fill('Tulip-Orchard-Lantern-58');
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Nurse' }).click();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByTestId('users-table').getByText(email).waitFor();
  });

  it('filters the audit trail and shows a change as a before/after diff', async () => {
    const page = await pageAs('hospitalAdmin', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/audit?entityType=complaint', language, '[data-testid=audit-table] tbody tr');
      await page.locator('[data-testid=audit-table] tbody tr').first().getByRole('button').click();
      await page.getByTestId('audit-diff').or(page.getByText(language === 'ar' ? 'لا تغييرات مسجلة في الحقول.' : 'No recorded field changes.')).first().waitFor();
      await checkScreen(page, 'audit', language);
    }
    await visit(page, kit.base, '/audit?action=complaint.acknowledge', 'en', '[data-testid=audit-table] tbody tr');
    await page.locator('[data-testid=audit-table] tbody tr').first().getByRole('button').click();
    await expect(page.getByTestId('audit-diff').innerText()).resolves.toMatch(/status[\s\S]*open[\s\S]*acknowledged/);
  });

  it('changes the language on the account page', async () => {
    const page = await pageAs('viewer', 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/account', language, 'form');
      await checkScreen(page, 'account', language);
    }
  });
});
