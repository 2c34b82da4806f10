/**
 * The PX Command Center in Chromium, against the real API: a hospital whose answers today are
 * known by hand, so the tiles' NPS and response rate can be checked in both languages (Arabic
 * digits, right-to-left), by department, on My work, and the physician leaderboard's rank, stars
 * and "insufficient responses". Axe-core and screenshots as every console screen gets.
 *
 * Today (Riyadh), all answered now:
 *   Clinics: Dr Amal 40 promoters (85/95), Dr Badr 30 detractors (45/55), Dr Sami 5 passives (70),
 *            and 10 surveys sent but not answered;
 *   Emergency: 1 promoter (90) and 3 detractors (30), no physician.
 * Hospital: NPS (41 − 33) / 79 = +10.1, response rate 79 / 89 = 88.8 %.
 * Clinics: NPS (40 − 30) / 75 = +13.3, response rate 75 / 85 = 88.2 %.
 */
import type { Page } from 'playwright-core';
import { Department, Encounter, Hospital, Physician, SurveyInstance, SurveyTemplate } from '../../models/entities';
import { USER_PASSWORD, type TestApi } from '../support/testApi';
import { eventually } from '../support/eventually';
import { rollupKpis } from '../../activities/analytics/kpiEngine';
import { checkScreen, LANGUAGES, signIn, startConsoleKit, visit, type ConsoleKit, type Language } from './consoleKit';

jest.setTimeout(180_000);

let kit: ConsoleKit;
let api: TestApi;
let hospital: Hospital;
let clinics: Department;
let coordinator: { email: string };
let seq = 0;

/** Text as a reader sees it: without the invisible direction marks Arabic numbers carry. */
const plain = (text: string) => text.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '').trim();

const EXPECTED = {
  hospital: { nps: { en: '+10.1', ar: '+١٠٫١' }, response_rate: { en: '88.8%', ar: '٨٨٫٨٪' }, npsN: { en: 'n = 79', ar: 'العدد = ٧٩' } },
  clinics: { nps: { en: '+13.3', ar: '+١٣٫٣' }, response_rate: { en: '88.2%', ar: '٨٨٫٢٪' } },
};

beforeAll(async () => {
  kit = await startConsoleKit();
  api = kit.hub.api;
  hospital = await api.createHospital(`AN${Date.now() % 100000}`);
  clinics = Object.assign(new Department(), { hospitalId: hospital.id, code: 'CLIN', nameEn: 'Clinics', nameAr: 'العيادات' });
  const emergency = Object.assign(new Department(), { hospitalId: hospital.id, code: 'ER', nameEn: 'Emergency', nameAr: 'الطوارئ' });
  const em = api.em();
  const templateId = (await em.findOneOrFail(SurveyTemplate, { code: 'OPD_VISIT' }, { orderBy: { version: 'desc' } })).id;
  const doctor = (name: string, ar: string) => Object.assign(new Physician(), { hospitalId: hospital.id, departmentId: clinics.id, licenseNo: `LIC-AN-${name}`, fullNameEn: `Dr ${name}`, fullNameAr: `د. ${ar}` });
  const [amal, badr, sami] = [doctor('Amal', 'أمل'), doctor('Badr', 'بدر'), doctor('Sami', 'سامي')];
  em.persist([clinics, emergency, amal, badr, sami]);
  const now = new Date();
  const survey = (department: Department, physician: Physician | null, answer: [SurveyInstance['npsCategory'], number] | null) => {
    const visit = Object.assign(new Encounter(), {
      hospitalId: hospital.id, visitNumber: `AN-${++seq}`, workflowId: `encounter:AN:${seq}`, departmentId: department.id, attendingPhysicianId: physician?.id ?? null,
      journeyCode: 'OPD', startedAt: now, lastEventAt: now,
    });
    const instance = Object.assign(new SurveyInstance(), {
      hospitalId: hospital.id, templateId, templateCode: 'OPD_VISIT', workflowId: `survey:an:${seq}`, encounterId: visit.id, sentAt: now,
      ...(answer ? { status: 'completed', completedAt: now, npsCategory: answer[0], score: answer[1], negative: answer[0] === 'detractor', topBox: answer[0] === 'promoter' ? 1 : 0 } : { status: 'sent' }),
    });
    em.persist([visit, instance]);
  };
  for (let i = 0; i < 40; i++) survey(clinics, amal, ['promoter', i % 2 ? 85 : 95]);
  for (let i = 0; i < 30; i++) survey(clinics, badr, ['detractor', i % 2 ? 45 : 55]);
  for (let i = 0; i < 5; i++) survey(clinics, sami, ['passive', 70]);
  for (let i = 0; i < 10; i++) survey(clinics, amal, null);
  survey(emergency, null, ['promoter', 90]);
  for (let i = 0; i < 3; i++) survey(emergency, null, ['detractor', 30]);
  await em.flush();
  coordinator = await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id });
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

const tile = async (page: Page, metric: string, part = 'value') => plain(await page.getByTestId(`tile-${metric}-${part}`).innerText());

/** Waits until a tile shows the figure (the tiles fill in as the figures arrive). */
async function expectTile(page: Page, metric: string, expected: string) {
  await eventually(async () => ((await tile(page, metric)) === expected ? true : undefined), 15_000, `${metric} tile shows ${expected}`).catch(async (error) => {
    throw new Error(`${metric} tile shows ${await tile(page, metric)}, expected ${expected}`, { cause: error });
  });
}

describe('the PX Command Center', () => {
  it.each(LANGUAGES)("shows the hospital's NPS and response rate for the range, with interval and n, and a trend — %s", async (language) => {
    const page = await signedIn(coordinator.email, language);
    await page.getByRole('navigation').getByRole('link', { name: language === 'ar' ? 'التحليلات' : 'Analytics' }).click();
    await page.getByTestId('tile-nps').waitFor();
    expect(page.url()).toContain('/console/analytics');
    await expectTile(page, 'nps', EXPECTED.hospital.nps[language]);
    await expectTile(page, 'response_rate', EXPECTED.hospital.response_rate[language]);
    expect(await tile(page, 'nps', 'n')).toBe(EXPECTED.hospital.npsN[language]);
    // One day of answers: the API's own 95 % interval, +10.1 ± 1.96 × √((74/79 − (8/79)²) / 79) × 100 = −11.1 to 31.4.
    expect(await tile(page, 'nps', 'interval')).toBe(language === 'ar' ? 'فترة ثقة ٩٥٪: من -١١٫١ إلى ٣١٫٤' : '95% interval -11.1 to 31.4');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe(language === 'ar' ? 'rtl' : 'ltr');

    // The trend: a picture with a title, and the same figures in a table for screen readers.
    const trend = page.getByTestId('trend-nps');
    await trend.locator('svg[role=img]').waitFor();
    expect(plain(await trend.locator('svg title').textContent() ?? '')).toContain(EXPECTED.hospital.nps[language]);
    expect((await trend.locator('table tbody tr').allInnerTexts()).map(plain)).toEqual([expect.stringContaining(EXPECTED.hospital.nps[language])]);
    // The value axis sits on the reading side's start: the left in English, the right in Arabic.
    const axisX = Number(await trend.locator('svg > g text').first().getAttribute('x'));
    if (language === 'ar') expect(axisX).toBeGreaterThan(320);
    else expect(axisX).toBeLessThan(320);

    // The leaderboard: two ranked physicians with stars, one with too few answers.
    const rows = page.getByTestId('leaderboard-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    await expect(rows.nth(0).innerText()).resolves.toContain(language === 'ar' ? 'د. أمل' : 'Dr Amal');
    await expect(rows.nth(0).getAttribute('data-rank')).resolves.toBe('1');
    await expect(rows.nth(0).getByRole('img').getAttribute('aria-label')).resolves.toBe(language === 'ar' ? '٥ من ٥ نجوم' : '5 of 5 stars');
    await expect(rows.nth(1).innerText()).resolves.toContain(language === 'ar' ? 'د. بدر' : 'Dr Badr');
    await expect(rows.nth(1).getAttribute('data-rank')).resolves.toBe('2');
    await expect(rows.nth(2).innerText()).resolves.toContain(language === 'ar' ? 'د. سامي' : 'Dr Sami');
    await expect(rows.nth(2).getByTestId('insufficient').textContent()).resolves.toBe(language === 'ar' ? 'استجابات غير كافية' : 'Insufficient responses');
    await checkScreen(page, 'analytics', language);
  });

  it('narrows to one department, and keeps it and the period in the address', async () => {
    const page = await signedIn(coordinator.email, 'en');
    await visit(page, kit.base, '/analytics', 'en', '[data-testid=tile-nps]');
    await expectTile(page, 'nps', EXPECTED.hospital.nps.en);
    await page.getByRole('combobox', { name: 'Department' }).click();
    await page.getByRole('option', { name: 'Clinics' }).click();
    await expectTile(page, 'nps', EXPECTED.clinics.nps.en);
    await expectTile(page, 'response_rate', EXPECTED.clinics.response_rate.en);
    expect(page.url()).toContain(`departmentId=${clinics.id}`);
    await page.getByText('Month', { exact: true }).click();
    await eventually(async () => (page.url().includes('period=month') ? true : undefined), 10_000, 'period in the address');
    await page.getByRole('heading', { name: 'NPS by Month' }).waitFor();
    await page.getByTestId('trend-nps').locator('svg[role=img]').waitFor();

    // The same address in Arabic: the department's figures in Arabic digits.
    await visit(page, kit.base, `/analytics?departmentId=${clinics.id}&period=month`, 'ar', '[data-testid=tile-nps]');
    await expectTile(page, 'nps', EXPECTED.clinics.nps.ar);
    await expectTile(page, 'response_rate', EXPECTED.clinics.response_rate.ar);
    await checkScreen(page, 'analytics-department-month', 'ar');
  });

  it("shows today's NPS and response rate on My work", async () => {
    const page = await signedIn(coordinator.email, 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/', language, '[data-testid=today-kpis]');
      await eventually(async () => (plain(await page.getByTestId('today-nps-value').innerText()) === EXPECTED.hospital.nps[language] ? true : undefined), 15_000, 'today NPS');
      expect(plain(await page.getByTestId('today-response_rate-value').innerText())).toBe(EXPECTED.hospital.response_rate[language]);
      await checkScreen(page, 'my-work-today-kpis', language);
    }
  });
});

describe('a range of several days', () => {
  /**
   * Another hospital, rolled up: 3, 2 and 1 days ago two answers each (2 promoters; 1 promoter and
   * 1 detractor; 1 passive and 1 detractor), and 35 days ago one detractor (the range before).
   * The 30 days: NPS (3 − 2) / 6 = +16.7, no interval (the API gives no promoter and detractor
   * counts to combine); the change +16.7 − (−100) = +116.7 points; response rate 6 / 6 = 100 %,
   * Wilson 95 % interval 61 % to 100 %.
   */
  it('adds the days up, draws one point a day with time running left to right, and shows the change — both languages', async () => {
    const history = await api.createHospital(`AH${Date.now() % 100000}`);
    const em = api.em();
    const templateId = (await em.findOneOrFail(SurveyTemplate, { code: 'OPD_VISIT' }, { orderBy: { version: 'desc' } })).id;
    const riyadhDay = (daysAgo: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() - daysAgo * 86_400_000);
    const answers: [number, SurveyInstance['npsCategory'], number][] = [
      [3, 'promoter', 95], [3, 'promoter', 90], [2, 'promoter', 100], [2, 'detractor', 20], [1, 'passive', 75], [1, 'detractor', 40], [35, 'detractor', 10],
    ];
    for (const [daysAgo, npsCategory, score] of answers) {
      const at = new Date(`${riyadhDay(daysAgo)}T09:00:00Z`);
      em.persist(Object.assign(new SurveyInstance(), {
        hospitalId: history.id, templateId, templateCode: 'OPD_VISIT', workflowId: `survey:ah:${++seq}`, status: 'completed', sentAt: at, completedAt: at,
        npsCategory, score, negative: npsCategory === 'detractor', topBox: npsCategory === 'promoter' ? 1 : 0,
      }));
    }
    await em.flush();
    await rollupKpis(api.em(), { hospitalId: history.id, from: riyadhDay(40), to: riyadhDay(1) });
    const user = await api.createUser('HOSPITAL_ADMIN', { hospitalId: history.id });
    const page = await signedIn(user.email, 'en');
    for (const language of LANGUAGES) {
      await visit(page, kit.base, '/analytics', language, '[data-testid=tile-nps]');
      await expectTile(page, 'nps', language === 'ar' ? '+١٦٫٧' : '+16.7');
      await expect(page.getByTestId('tile-nps-interval').count()).resolves.toBe(0);
      expect(plain(await page.getByTestId('tile-nps-delta').innerText()).toLowerCase()).toBe(language === 'ar' ? '+١١٦٫٧ نقطة مقارنةً بما قبل' : '+116.7 pts vs before');
      await expectTile(page, 'response_rate', language === 'ar' ? '١٠٠٪' : '100%');
      expect(await tile(page, 'response_rate', 'interval')).toBe(language === 'ar' ? 'فترة ثقة ٩٥٪: من ٦١٪ إلى ١٠٠٪' : '95% interval 61% to 100%');

      const trend = page.getByTestId('trend-nps');
      const points = trend.locator('svg circle');
      await eventually(async () => ((await points.count()) === 3 ? true : undefined), 10_000, 'three days drawn');
      expect(await points.evaluateAll((circles) => circles.map((c) => c.getAttribute('data-period')))).toEqual([riyadhDay(3), riyadhDay(2), riyadhDay(1)]);
      const xs = await points.evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('cx'))));
      expect(xs[0]).toBeLessThan(xs[1]);
      expect(xs[1]).toBeLessThan(xs[2]);
      expect((await trend.locator('table tbody tr td:nth-of-type(1)').allTextContents()).map(plain)).toEqual(
        language === 'ar' ? ['+١٠٠', '٠', '-٥٠'] : ['+100', '0', '-50'],
      );
      await checkScreen(page, 'analytics-history', language);
    }
  });
});

describe('who sees the Command Center', () => {
  // The figures API is open to viewers and up, and the console itself (GET /api/v1/me) to nobody
  // below a viewer, so every role that can sign in has the link; the leaderboard needs a PX coordinator.
  it('a viewer has the link and sees the figures, but not the physician leaderboard', async () => {
    const viewer = await api.createUser('VIEWER', { hospitalId: hospital.id });
    const page = await signedIn(viewer.email, 'ar');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'التحليلات' }).count()).resolves.toBe(1);
    await visit(page, kit.base, '/analytics', 'ar', '[data-testid=tile-nps]');
    await expectTile(page, 'nps', EXPECTED.hospital.nps.ar);
    await expect(page.getByTestId('physician-leaderboard').count()).resolves.toBe(0);
  });
});
