/**
 * The complaints queue and a complaint's later life in Chromium, against the real API and worker:
 * saved views, the received-between filter in the hospital's days, sorting by column headers
 * (aria-sort), reopening and escalating with a reason, and escalations nobody heard on My work.
 * Arabic (right-to-left) and English, axe-core and screenshots as every console screen gets.
 */
import type { Page } from 'playwright-core';
import { CaseEvent, Complaint, Department, Hospital } from '../../models/entities';
import { eventually } from '../support/eventually';
import { USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(120_000);

const DAY = 86_400_000;

let kit: ConsoleKit;
let api: TestApi;
let queue: Hospital;
let coordinator: { email: string; token: string; id: string };
let serial = 0;
/** Read-model rows of the queue hospital, by what the tests look for. */
const rows: Record<'old' | 'recent' | 'today' | 'mine', Complaint> = {} as never;

/** A read-model row whose workflow counts as started, so nothing else touches it. */
const complaintRow = (fields: Partial<Complaint>) =>
  Object.assign(new Complaint(), {
    hospitalId: queue.id,
    referenceNo: `CMP-CQ-${String(++serial).padStart(4, '0')}`,
    workflowStartedAt: new Date(),
    category: 'waiting_time',
    description: 'Waited a long time at the pharmacy.',
    sourceChannel: 'walk_in',
    ...fields,
  });

async function fileComplaint(fields: Record<string, unknown> = {}): Promise<{ id: string; referenceNo: string }> {
  const reply = await api.request('POST', '/api/v1/complaints', {
    token: coordinator.token,
    body: { hospitalId: queue.id, severity: 'medium', category: 'staff_attitude', description: 'The receptionist was dismissive when I asked about my results.', sourceChannel: 'phone', ...fields },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

/** Runs a case operation as the coordinator once the complaint's workflow takes updates. */
async function operate(id: string, operation: string, body: Record<string, unknown> = {}): Promise<void> {
  await eventually(async () => ((await api.request('POST', `/api/v1/complaints/${id}/${operation}`, { token: coordinator.token, body })).status === 200 ? true : undefined), 20_000, operation);
}

async function coordinatorPage(language: Language): Promise<Page> {
  const page = await (await kit.context()).newPage();
  await signIn(page, kit.base, coordinator.email, USER_PASSWORD, language);
  return page;
}

const tableRefs = async (page: Page) => (await page.getByTestId('complaints-table').locator('tbody tr td a').allInnerTexts()).map((r) => r.trim());

/** The YYYY-MM-DD of a moment in Riyadh (the queue hospital's zone). */
const riyadhDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  queue = await api.createHospital(`CQ${Date.now() % 100000}`);
  const user = await api.createUser('PX_COORDINATOR', { hospitalId: queue.id });
  coordinator = { email: user.email, id: user.id, token: await api.login(user.email) };
  const now = Date.now();
  rows.old = complaintRow({ status: 'acknowledged', severity: 'critical', createdAt: new Date(now - 20 * DAY), acknowledgeBy: new Date(now - 19 * DAY), resolveBy: new Date(now + 3 * DAY) });
  rows.recent = complaintRow({ status: 'open', severity: 'low', createdAt: new Date(now - 3 * DAY), acknowledgeBy: new Date(now + 2 * 3_600_000), resolveBy: new Date(now + 5 * DAY) });
  rows.today = complaintRow({ status: 'in_progress', severity: 'high', createdAt: new Date(now - 60_000), acknowledgeBy: new Date(now - 30_000), resolveBy: new Date(now + 9 * DAY), escalationLevel: 1 });
  rows.mine = complaintRow({ status: 'open', severity: 'medium', createdAt: new Date(now - 2 * DAY), acknowledgeBy: new Date(now + 3_600_000), resolveBy: new Date(now + 4 * DAY), assigneeId: coordinator.id });
  await api.em().persistAndFlush(Object.values(rows));
});

afterEach(async () => {
  await kit?.closeContexts();
});

afterAll(async () => {
  await kit?.close();
});

describe('the complaints queue', () => {
  it('narrows by saved views and by the days received, and sorts by a column header — in English', async () => {
    const page = await coordinatorPage('en');
    await visit(page, kit.base, '/complaints?view=unassigned', 'en', '[data-testid=complaints-table] tbody tr');
    expect((await tableRefs(page)).sort()).toEqual([rows.old, rows.recent, rows.today].map((r) => r.referenceNo).sort());

    await page.getByRole('tab', { name: 'Escalated' }).click();
    await eventually(async () => ((await tableRefs(page)).join() === rows.today.referenceNo ? true : undefined), 10_000, 'escalated view');
    await page.getByRole('tab', { name: 'Mine' }).click();
    await eventually(async () => ((await tableRefs(page)).join() === rows.mine.referenceNo ? true : undefined), 10_000, 'my view');

    // Received from five days ago to yesterday, in the hospital's calendar days.
    await page.getByRole('tab', { name: 'All' }).click();
    await page.getByLabel('Received from').fill(riyadhDay(Date.now() - 5 * DAY));
    await page.getByLabel('Received to').fill(riyadhDay(Date.now() - DAY));
    await eventually(async () => ((await tableRefs(page)).sort().join() === [rows.recent, rows.mine].map((r) => r.referenceNo).sort().join() ? true : undefined), 10_000, 'received between');
    expect(page.url()).toContain('receivedFrom=');
    await page.getByLabel('Received from').fill('');
    await page.getByLabel('Received to').fill('');
    await eventually(async () => ((await tableRefs(page)).length === 4 ? true : undefined), 10_000, 'filter cleared');

    // Severity: low to critical, then critical to low, then back to newest first.
    const severity = page.getByRole('columnheader', { name: /Severity/ });
    await expect(severity.getAttribute('aria-sort')).resolves.toBe('none');
    await severity.getByRole('button').click();
    await eventually(async () => ((await severity.getAttribute('aria-sort')) === 'ascending' ? true : undefined), 10_000, 'ascending');
    await eventually(async () => ((await tableRefs(page)).join() === [rows.recent, rows.mine, rows.today, rows.old].map((r) => r.referenceNo).join() ? true : undefined), 10_000, 'low first');
    await severity.getByRole('button').click();
    await eventually(async () => ((await tableRefs(page)).join() === [rows.old, rows.today, rows.mine, rows.recent].map((r) => r.referenceNo).join() ? true : undefined), 10_000, 'critical first');
    await expect(severity.getAttribute('aria-sort')).resolves.toBe('descending');
    await checkScreen(page, 'complaints-sorted', 'en');
    await severity.getByRole('button').click();
    await eventually(async () => ((await tableRefs(page)).join() === [rows.today, rows.mine, rows.recent, rows.old].map((r) => r.referenceNo).join() ? true : undefined), 10_000, 'newest first again');
    expect(page.url()).not.toContain('sort=');
  });

  it('keeps the view and the sort in the address, so a reload or a shared link shows the same queue — in Arabic', async () => {
    const page = await coordinatorPage('ar');
    await visit(page, kit.base, '/complaints?view=unassigned&sort=due&direction=asc', 'ar', '[data-testid=complaints-table] tbody tr');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.getByRole('tab', { name: 'غير مسندة' }).getAttribute('aria-selected')).resolves.toBe('true');
    // Current due: acknowledge-by while open, else resolve-by.
    expect(await tableRefs(page)).toEqual([rows.recent, rows.old, rows.today].map((r) => r.referenceNo));
    await checkScreen(page, 'complaints-unassigned', 'ar');
  });
});

describe('reopening and escalating', () => {
  it('reopens a resolved complaint only with a reason, then escalates it — timeline and badge change, in Arabic', async () => {
    const complaint = await fileComplaint();
    await operate(complaint.id, 'acknowledge');
    await operate(complaint.id, 'resolve', { rootCause: 'Reception staffing', resolutionNotes: 'Spoke with the receptionist and called the patient.' });
    const page = await coordinatorPage('ar');
    await visit(page, kit.base, `/complaints/${complaint.id}`, 'ar', '[data-testid=timeline] [data-kind=resolved]');

    await page.getByRole('button', { name: 'إعادة فتح' }).click();
    const dialog = page.getByRole('dialog');
    // The reason is required: confirming without one leaves the complaint resolved.
    await dialog.getByRole('button', { name: 'تأكيد' }).click();
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid=timeline] [data-kind=reopened]').count()).resolves.toBe(0);
    await dialog.getByLabel('السبب').fill('عاود المريض الاتصال: لم تصله النتائج بعد.');
    await dialog.getByRole('button', { name: 'تأكيد' }).click();
    await page.locator('[data-testid=timeline] [data-kind=reopened]').waitFor();
    await expect(page.getByTestId('timeline').getByText('عاود المريض الاتصال: لم تصله النتائج بعد.').isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'تصعيد' }).click();
    await page.getByRole('dialog').getByLabel('السبب').fill('تواصلت الأسرة مع وزارة الصحة 937.');
    await page.getByRole('dialog').getByRole('button', { name: 'تأكيد' }).click();
    await page.locator('[data-testid=timeline] [data-kind=escalated]').first().waitFor();
    await eventually(async () => ((await page.getByText(/مستوى التصعيد/).count()) > 0 ? true : undefined), 10_000, 'escalation badge');
    await checkScreen(page, 'complaint-reopened', 'ar');
    const stored = await api.request('GET', `/api/v1/complaints/${complaint.id}`, { token: coordinator.token });
    expect(stored.body.escalationLevel).toBeGreaterThanOrEqual(1);
    expect(['acknowledged', 'in_progress']).toContain(stored.body.status);
  });
});

describe('escalations nobody heard', () => {
  it('shows the PX coordinator, on My work, the unresolved cases whose escalation no one holds, and opens one', async () => {
    const department = Object.assign(new Department(), { hospitalId: queue.id, code: 'PHARM', nameEn: 'Pharmacy', nameAr: 'الصيدلية' });
    const unheard = complaintRow({ status: 'open', severity: 'critical', escalationLevel: 2, createdAt: new Date(Date.now() - DAY), departmentId: department.id });
    const em = api.em();
    await em.persistAndFlush([department, unheard]);
    await em.persistAndFlush(
      Object.assign(new CaseEvent(), { entityType: 'complaint', entityId: unheard.id, kind: 'escalation_unheard', data: { level: 2, role: 'HOSPITAL_ADMIN', toRole: null }, dedupeKey: `complaint:${unheard.id}:escalated:2:heard` }),
    );
    const page = await coordinatorPage('en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/', language, '[data-testid=unheard-row]');
      const card = page.getByTestId('unheard-escalations');
      await expect(card.getByTestId('unheard-escalations-count').innerText()).resolves.toBe(language === 'ar' ? '١' : '1');
      await expect(card.innerText()).resolves.toContain(language === 'ar' ? 'مدير المستشفى' : 'Hospital Administrator');
      await checkScreen(page, 'my-work-unheard', language);
    }
    await page.getByTestId('unheard-escalations').getByRole('link', { name: unheard.referenceNo }).click();
    await page.getByTestId('timeline').waitFor();
    expect(page.url()).toContain(`/console/complaints/${unheard.id}`);
    await expect(page.locator('[data-testid=timeline] [data-kind=escalation_unheard]').count()).resolves.toBe(1);
  });

  it('is not shown to staff below PX coordinator', async () => {
    const user = await api.createUser('STAFF', { hospitalId: queue.id });
    const page = await (await kit.context()).newPage();
    await signIn(page, kit.base, user.email, USER_PASSWORD, 'en');
    await visit(page, kit.base, '/', 'en', '[data-testid=my-complaints]');
    await expect(page.getByTestId('unheard-escalations').count()).resolves.toBe(0);
  });
});
