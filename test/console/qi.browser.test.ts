/**
 * QI projects and physician scorecards in Chromium, against the real API.
 *
 * QI: the clinics' response rate by month, stored as the roll-up writes it, for the 18 months
 * before this one: 12 months of about 20 % (the baseline), then, from the intervention 6 months
 * ago, 30, 33, 35, 36, 38, 40 %. Split at the intervention, the "after" segment is a trend (6
 * points all going up); as one series the last 6 points are a shift above the median and 40 % is
 * above the upper limit (p̄ = 455/1800, UCL = p̄ + 3·√(p̄(1 − p̄)/100) = 38.3 %).
 *
 * Scorecards: today, in another department (so the clinics' month so far has nothing to measure),
 * Dr Amal 40 promoters (85/95), Dr Badr 30 detractors (45/55), Dr Sami 5 passives (70): Amal and
 * Badr are ranked, Sami has too few answers. Sami has an account.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { Department, Encounter, Hospital, KpiValue, Physician, SurveyInstance, SurveyTemplate } from '../../models/entities';
import { eventually } from '../support/eventually';
import { USER_PASSWORD, type TestApi } from '../support/testApi';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(240_000);

let kit: ConsoleKit;
let api: TestApi;
let hospital: Hospital;
let clinics: Department;
let coordinator: { email: string };
let coordinatorToken: string;
let action: { id: string; referenceNo: string };
let amal: Physician;
let sami: Physician;
let samiUser: { id: string; email: string };
let seq = 0;

const plain = (text: string) => text.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '').trim();

/** The first day of the month `back` months before this one in Riyadh, YYYY-MM-DD. */
function monthStart(back: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 10);
}
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const BASELINE = [20, 22, 19, 21, 20, 18, 21, 20, 22, 19, 20, 21];
const AFTER = [30, 33, 35, 36, 38, 40];
const PROJECT = { metric: 'response_rate', baselineFrom: monthStart(18), baselineTo: dayBefore(monthStart(6)), targetValue: 35, interventionDate: monthStart(6) };

const TEXT = {
  en: { title: 'Title', metric: 'Metric', department: 'Department', clinics: 'Clinics', rate: 'Response rate', from: 'Baseline from', to: 'Baseline to', intervention: 'Intervention date', target: 'Target', actions: 'Linked PX actions', save: 'Save', qi: 'QI projects', order: 'the baseline must not end before it starts.', whole: 'Whole series', pChart: 'P-chart' },
  ar: { title: 'العنوان', metric: 'المؤشر', department: 'القسم', clinics: 'العيادات', rate: 'معدل الاستجابة', from: 'خط الأساس من', to: 'خط الأساس إلى', intervention: 'تاريخ التدخل', target: 'المستهدف', actions: 'إجراءات تجربة المريض المرتبطة', save: 'حفظ', qi: 'مشاريع تحسين الجودة', order: 'يجب ألا ينتهي خط الأساس قبل أن يبدأ.', whole: 'السلسلة كاملة', pChart: 'مخطط P' },
} as const;

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  hospital = await api.createHospital(`QB${Date.now() % 100000}`);
  clinics = Object.assign(new Department(), { hospitalId: hospital.id, code: 'CLIN', nameEn: 'Clinics', nameAr: 'العيادات' });
  const medicine = Object.assign(new Department(), { hospitalId: hospital.id, code: 'MED', nameEn: 'Internal medicine', nameAr: 'الباطنة' });
  const em = api.em();
  em.persist([clinics, medicine]);
  [...BASELINE, ...AFTER].forEach((value, i) =>
    em.persist(
      Object.assign(new KpiValue(), {
        id: randomUUID(), hospitalId: hospital.id, metric: 'response_rate', scopeType: 'department', scopeId: clinics.id, period: 'month',
        periodStart: monthStart(18 - i), numerator: value, denominator: 100, n: 100, value,
      }),
    ),
  );

  const templateId = (await em.findOneOrFail(SurveyTemplate, { code: 'OPD_VISIT' }, { orderBy: { version: 'desc' } })).id;
  const doctor = (name: string, ar: string) => Object.assign(new Physician(), { hospitalId: hospital.id, departmentId: medicine.id, licenseNo: `LIC-QB-${name}`, fullNameEn: `Dr ${name}`, fullNameAr: `د. ${ar}`, specialty: 'Family medicine' });
  amal = doctor('Amal', 'أمل');
  const badr = doctor('Badr', 'بدر');
  sami = doctor('Sami', 'سامي');
  em.persist([amal, badr, sami]);
  const now = new Date();
  const answer = (physician: Physician, npsCategory: SurveyInstance['npsCategory'], score: number) => {
    const encounter = Object.assign(new Encounter(), {
      hospitalId: hospital.id, visitNumber: `QB-${++seq}`, workflowId: `encounter:QB:${seq}`, departmentId: medicine.id, attendingPhysicianId: physician.id,
      journeyCode: 'OPD', startedAt: now, lastEventAt: now,
    });
    em.persist([
      encounter,
      Object.assign(new SurveyInstance(), {
        hospitalId: hospital.id, templateId, templateCode: 'OPD_VISIT', workflowId: `survey:qb:${seq}`, encounterId: encounter.id, sentAt: now, status: 'completed', completedAt: now,
        npsCategory, score, negative: npsCategory === 'detractor', topBox: npsCategory === 'promoter' ? 1 : 0,
      }),
    ]);
  };
  for (let i = 0; i < 40; i++) answer(amal, 'promoter', i % 2 ? 85 : 95);
  for (let i = 0; i < 30; i++) answer(badr, 'detractor', i % 2 ? 45 : 55);
  for (let i = 0; i < 5; i++) answer(sami, 'passive', 70);
  await em.flush();

  coordinator = await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id });
  coordinatorToken = await api.login(coordinator.email);
  samiUser = await api.createUser('PHYSICIAN', { hospitalId: hospital.id });
  await api.em().nativeUpdate(Physician, { id: sami.id }, { userId: samiUser.id });
  const created = await api.request('POST', '/api/v1/actions', { token: coordinatorToken, body: { departmentId: clinics.id, title: 'Call patients back within a day', priority: 'medium' } });
  expect(created.status).toBe(201);
  action = created.body;
});

afterEach(async () => {
  await kit?.closeContexts();
});

afterAll(async () => {
  await kit?.close();
});

async function signedIn(email: string, language: Language): Promise<Page> {
  const page = await (await kit.context()).newPage();
  await signIn(page, kit.base, email, USER_PASSWORD, language);
  return page;
}

interface ChartGeometry {
  /** Value-axis labels: their text and left and right edges. */
  labels: { text: string; left: number; right: number }[];
  /** The figures' points (the blue circles inside the plot), left to right in drawing order. */
  points: { x: number; left: number; right: number }[];
}

/** Where ECharts drew the value axis labels and the points, read off its SVG. */
async function geometry(chart: Locator, pointColour: string): Promise<ChartGeometry> {
  return chart.locator('svg').first().evaluate((svg, colour) => {
    const strip = (s: string) => s.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '').trim();
    const numeric = /^[-+]?[0-9٠-٩.,٫٬]+\s?[%٪]?$/;
    const labels = [...svg.querySelectorAll('text')]
      .map((el) => ({ text: strip(el.textContent ?? ''), box: el.getBoundingClientRect() }))
      .filter((l) => numeric.test(l.text));
    const top = Math.min(...labels.map((l) => l.box.top)) - 4;
    const bottom = Math.max(...labels.map((l) => l.box.bottom)) + 4;
    const points = [...svg.querySelectorAll('path')]
      .filter((p) => p.getAttribute('fill') === colour)
      .map((p) => p.getBoundingClientRect())
      .filter((b) => b.width > 0 && b.width < 20 && b.top + b.height / 2 >= top && b.top + b.height / 2 <= bottom);
    return { labels: labels.map((l) => ({ text: l.text, left: l.box.left, right: l.box.right })), points: points.map((b) => ({ x: b.left + b.width / 2, left: b.left, right: b.right })) };
  }, pointColour);
}

/** The value axis stands left of every point in English and right of every point in Arabic. */
function expectValueAxisSide(g: ChartGeometry, language: Language, minPoints: number) {
  expect(g.labels.length).toBeGreaterThanOrEqual(3);
  expect(g.points.length).toBeGreaterThanOrEqual(minPoints);
  const plotLeft = Math.min(...g.points.map((p) => p.left));
  const plotRight = Math.max(...g.points.map((p) => p.right));
  for (const label of g.labels) {
    if (language === 'ar') expect(label.left).toBeGreaterThanOrEqual(plotRight);
    else expect(label.right).toBeLessThanOrEqual(plotLeft);
  }
}

const POINT = '#1864ab';

async function pick(page: Page, combobox: Locator, option: string | RegExp) {
  await combobox.click();
  await page.getByRole('option', { name: option }).click();
}

describe('QI projects', () => {
  it.each(LANGUAGES)('a PX coordinator creates one through the form, sees the refusal in their language, then its control chart with signals — %s', async (language) => {
    const text = TEXT[language];
    const page = await signedIn(coordinator.email, language);
    await visit(page, kit.base, '/analytics', language, '[data-testid=analytics-nav]');
    await page.getByTestId('analytics-nav').getByRole('link', { name: text.qi }).click();
    await page.getByTestId('qi-new').waitFor();
    expect(page.url()).toContain('/console/analytics/qi');
    await page.getByTestId('qi-new').click();
    const form = page.getByTestId('qi-form');
    await form.waitFor();
    const title = `Call-backs ${language}`;
    await form.getByLabel(text.title).fill(title);
    await pick(page, form.getByRole('combobox', { name: text.metric }), text.rate);
    await pick(page, form.getByRole('combobox', { name: text.department }), text.clinics);
    await form.getByLabel(text.target).fill('35');
    await form.getByLabel(text.from).fill(PROJECT.baselineFrom);
    // A baseline that ends before it starts: the API refuses it, and the form says why on that field.
    await form.getByLabel(text.to).fill(dayBefore(PROJECT.baselineFrom));
    await form.getByLabel(text.intervention).fill(PROJECT.interventionDate);
    await pick(page, form.getByRole('combobox', { name: text.actions }), new RegExp(action.referenceNo));
    // Away from the list of actions, so that it closes.
    await form.getByLabel(text.title).click();
    await form.getByRole('button', { name: text.save }).click();
    await form.getByText(text.order).waitFor();
    await expect(form.getByLabel(text.to).getAttribute('aria-invalid')).resolves.toBe('true');
    await checkScreen(page, 'qi-new-refused', language);

    await form.getByLabel(text.to).fill(PROJECT.baselineTo);
    await form.getByRole('button', { name: text.save }).click();
    await eventually(async () => (/\/console\/analytics\/qi\/[0-9a-f-]{36}/.test(page.url()) ? true : undefined), 15_000, 'the new project opens');
    const chart = page.getByTestId('qi-chart');
    await chart.locator('svg').waitFor();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe(language === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(title);
    expect(plain(await page.getByTestId('qi-kind').innerText())).toBe(text.pChart);
    expect(plain(await page.getByTestId('qi-target').innerText())).toBe(language === 'ar' ? '٣٥٪' : '35%');

    // The linked action, as a link to its page.
    const linked = page.getByTestId('qi-actions').getByRole('link', { name: action.referenceNo });
    await expect(linked.getAttribute('href')).resolves.toBe(`/console/actions/${action.id}`);

    // Split at the intervention: the 18 points, the value axis on the reading side, time left to right, the trend after the intervention.
    let g = await geometry(chart, POINT);
    expectValueAxisSide(g, language, 18);
    const xs = g.points.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    await expect(chart.getAttribute('data-value-axis')).resolves.toBe(language === 'ar' ? 'right' : 'left');
    const signals = page.getByTestId('qi-signal');
    await signals.first().waitFor();
    const listed = await signals.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-part')}:${li.getAttribute('data-rule')}`));
    expect(listed).toContain('after:trend');
    expect(await chart.locator('table tbody tr').count()).toBe(18);
    await expect(page.getByTestId('qi-segments').locator('tbody tr').count()).resolves.toBe(2);
    await checkScreen(page, 'qi-project', language);

    // As one series: the shift of the last six months and 40 % above the upper limit.
    await page.getByText(text.whole, { exact: true }).click();
    await eventually(async () => ((await page.getByTestId('qi-segments').count()) === 0 ? true : undefined), 10_000, 'whole-series limits');
    const whole = await signals.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-part')}:${li.getAttribute('data-rule')}`));
    expect(whole).toEqual(expect.arrayContaining(['whole:shift', 'whole:beyond_limits']));
    const shift = signals.and(page.locator('[data-rule=shift]'));
    expect(plain(await shift.innerText())).toContain(language === 'ar' ? 'تحوّل' : 'Shift');
    g = await geometry(chart, POINT);
    expectValueAxisSide(g, language, 18);
    await checkScreen(page, 'qi-project-whole', language);

    // Back to the list: the project with its department, metric and status.
    await visit(page, kit.base, '/analytics/qi', language, '[data-testid=qi-row]');
    const row = page.getByTestId('qi-row').filter({ hasText: title });
    await expect(row.innerText()).resolves.toContain(text.clinics);
    await expect(row.innerText()).resolves.toContain(text.rate);
    await expect(row.locator('[data-status]').getAttribute('data-status')).resolves.toBe('followUp');
    await checkScreen(page, 'qi-projects', language);
  });

  // Creating and changing projects needs a PX coordinator (POST /api/v1/qi-projects); reading them a viewer.
  it.each([
    ['PHYSICIAN', 'ar'],
    ['VIEWER', 'en'],
  ] as const)('a %s reads the projects and the chart, without the create form (%s)', async (role, language) => {
    const created = await api.request('POST', '/api/v1/qi-projects', { token: coordinatorToken, body: { ...PROJECT, title: `Read by a ${role}`, departmentId: clinics.id } });
    expect(created.status).toBe(201);
    const user = role === 'PHYSICIAN' ? samiUser : await api.createUser(role, { hospitalId: hospital.id });
    const page = await signedIn(user.email, language);
    await visit(page, kit.base, '/analytics/qi', language, '[data-testid=qi-row]');
    await expect(page.getByTestId('qi-new').count()).resolves.toBe(0);
    await page.getByTestId('qi-row').getByRole('link', { name: `Read by a ${role}` }).click();
    await page.getByTestId('qi-chart').locator('svg').waitFor();
    await page.getByTestId('qi-signal').first().waitFor();
    await expect(page.getByTestId('qi-new').count()).resolves.toBe(0);
    await expect(page.getByTestId('qi-form').count()).resolves.toBe(0);
  });
});

describe('physician scorecards', () => {
  it.each(LANGUAGES)("a PX coordinator opens a physician's scorecard from the leaderboard: the leaderboard's figures, stars and rank, and a trend — %s", async (language) => {
    const page = await signedIn(coordinator.email, language);
    await visit(page, kit.base, '/analytics', language, '[data-testid=leaderboard-row]');
    const row = page.getByTestId('leaderboard-row').filter({ hasText: language === 'ar' ? 'د. أمل' : 'Dr Amal' });
    const cells = (await row.locator('td').allInnerTexts()).map(plain);
    await row.getByTestId('leaderboard-physician').click();
    await page.getByTestId('scorecard').waitFor();
    expect(page.url()).toContain(`/console/analytics/physicians/${amal.id}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(language === 'ar' ? 'د. أمل' : 'Dr Amal');
    // Score, interval and n as the leaderboard shows them (columns: rank, name, score, interval, n, reliability, rating).
    expect(plain(await page.getByTestId('scorecard-score-value').innerText())).toBe(cells[2]);
    expect(plain(await page.getByTestId('scorecard-n-value').innerText())).toBe(language === 'ar' ? '٤٠' : '40');
    expect(plain(await page.getByTestId('scorecard-reliability-value').innerText())).toBe(cells[5]);
    await expect(page.getByTestId('scorecard-rating').getByRole('img').getAttribute('aria-label')).resolves.toBe(language === 'ar' ? '٥ من ٥ نجوم' : '5 of 5 stars');
    expect(plain(await page.getByTestId('scorecard-rating-hint').innerText())).toBe(language === 'ar' ? 'الترتيب ١ في المستشفى' : 'Rank 1 in the hospital');

    const trend = page.getByTestId('scorecard-trend');
    await trend.locator('svg').waitFor();
    expect(await trend.locator('table tbody tr').count()).toBe(6);
    expectValueAxisSide(await geometry(trend, POINT), language, 1);
    await checkScreen(page, 'physician-scorecard', language);
  });

  it('a physician reaches their own scorecard from the analytics navigation ("insufficient responses"), and no one else\'s', async () => {
    const page = await signedIn(samiUser.email, 'ar');
    await visit(page, kit.base, '/analytics', 'ar', '[data-testid=analytics-nav]');
    await page.getByTestId('analytics-nav').getByRole('link', { name: 'تقييمي' }).click();
    await page.getByTestId('scorecard').waitFor();
    expect(page.url()).toContain(`/console/analytics/physicians/${sami.id}`);
    expect(plain(await page.getByTestId('insufficient').innerText())).toBe('استجابات غير كافية');
    expect(plain(await page.getByTestId('scorecard-n-value').innerText())).toBe('٥');
    await checkScreen(page, 'physician-scorecard-own', 'ar');

    // Another physician's rating is not theirs to see.
    await visit(page, kit.base, `/analytics/physicians/${amal.id}`, 'en', '[data-testid=scorecard-none]');
    await expect(page.getByTestId('scorecard').count()).resolves.toBe(0);
    await checkScreen(page, 'physician-scorecard-hidden', 'en');
  });
});
