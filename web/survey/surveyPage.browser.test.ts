/**
 * The survey page as a patient meets it: the real API serving the link, opened in Chromium at a
 * phone's size, answered by tapping the answer chips' labels, and the answers landing in the
 * database. Arabic (right-to-left) first, since that is most patients.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { newSurveyToken } from '../../activities/surveys/tokens';
import { Hospital, Patient, SurveyInstance, SurveyTemplate, SurveyToken } from '../../models/entities';
import { launchChromium, phoneContext, screenshotDir } from '../../test/support/browser';
import { startTestApi, type TestApi } from '../../test/support/testApi';

// Starting Chromium, the API on a fresh database and several page loads per test.
jest.setTimeout(120_000);

const ARABIC_COMMENT = 'كان الطبيب متعاوناً جداً، لكن موقف السيارات كان مزدحماً.';

let api: TestApi;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi(), launchChromium()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/**
 * A survey of DEMO's outpatient template just sent by SMS, as the survey workflow would leave it
 * (there is no workflow behind it: signalling one after the answer fails, harmlessly).
 */
async function sentSurvey(language: 'ar' | 'en'): Promise<{ link: string; surveyId: string }> {
  const em = api.em();
  const demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
  const template = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT', active: true }, { orderBy: { version: 'desc' } });
  const patient = Object.assign(new Patient(), { hospitalId: demo.id, mrn: `BROWSER-${randomUUID()}`, phone: '+966500000001', preferredLanguage: language });
  const now = new Date();
  const survey = Object.assign(new SurveyInstance(), {
    hospitalId: demo.id,
    workflowId: `survey:test:${randomUUID()}`,
    templateId: template.id,
    templateCode: 'OPD_VISIT',
    patientId: patient.id,
    status: 'sent',
    language,
    channel: 'sms',
    sentAt: now,
    expiresAt: new Date(now.getTime() + 60 * 60 * 1000),
    negativeReasons: [],
  });
  const { token, hash } = newSurveyToken();
  em.persist([patient, survey, Object.assign(new SurveyToken(), { tokenHash: hash, surveyId: survey.id, channel: 'sms' })]);
  await em.flush();
  return { link: `${api.baseUrl}/s/${token}`, surveyId: survey.id };
}

async function newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page> {
  context = options ? await browser.newContext(options) : await phoneContext(browser);
  return context.newPage();
}

/**
 * Runs `action` (a tap that submits or follows a link) and returns the document response once the
 * new page has loaded, so what follows reads the new page and not the one just left.
 */
async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()), page.waitForEvent('load'), action()]);
  return response;
}

/**
 * Taps the label of one answer in the question whose text contains `question`, the way patients
 * answer (the radio itself is visually hidden behind its chip), and checks that it took.
 */
async function choose(page: Page, question: string, answer: string): Promise<void> {
  const group = page.getByRole('radiogroup', { name: question });
  // A chip's accessible name is its number or word, then any word read out after it.
  const radio = group.getByRole('radio', { name: new RegExp(`^${answer}(\\s|$)`) });
  const id = await radio.getAttribute('id');
  await group.locator(`label[for="${id}"]`).click();
  expect(await radio.isChecked()).toBe(true);
}

async function submit(page: Page, label: string): Promise<Response> {
  return navigation(page, () => page.getByRole('button', { name: label }).click());
}

/** Where a chip of the recommend (0-10) scale is drawn, horizontally. */
async function npsChipX(page: Page, value: number): Promise<number> {
  const box = await page.locator(`label[for="q-recommend-${value}"]`).boundingBox();
  if (!box) throw new Error(`the chip ${value} is not drawn`);
  return box.x;
}

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir(), name), fullPage: true });

describe('the survey page in Chromium on a phone', () => {
  it('takes an Arabic survey right to left, explains what is missing in Arabic, and records the answers', async () => {
    const { link, surveyId } = await sentSurvey('ar');
    const page = await newPage();

    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html[lang=ar][dir=rtl]').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('زيارة العيادات الخارجية');
    // The scale is mirrored: 0 is at the right, where an Arabic reader starts.
    const zero = await npsChipX(page, 0);
    expect(zero).toBeGreaterThan(await npsChipX(page, 1));
    expect(zero).toBeGreaterThan(await npsChipX(page, 10));
    await screenshot(page, 'survey-ar-form.png');

    // Sent with nothing answered: the same form again, saying in Arabic what is missing.
    const rejected = await submit(page, 'إرسال');
    expect(rejected.status()).toBe(422);
    expect(await page.locator('html[lang=ar][dir=rtl]').count()).toBe(1);
    const summary = page.getByRole('alert');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.getByRole('heading').textContent()).toBe('يرجى مراجعة إجاباتك');
    // One entry per required question; the comment box is optional.
    expect(await summary.getByRole('listitem').count()).toBe(5);
    expect(await summary.getByRole('listitem').first().textContent()).toContain('يرجى الإجابة عن هذا السؤال.');
    expect(await page.title()).toMatch(/^خطأ: /);

    await choose(page, 'ما مدى احتمال أن توصي بنا', '8');
    await choose(page, 'وقت الانتظار في العيادة', '4');
    await choose(page, 'شرح الطبيب', '5');
    await choose(page, 'عاملني الموظفون', '4');
    await choose(page, 'خصوصيتك', 'نعم');
    // The picked chip turns solid blue: what tells the patient the tap registered.
    const picked = page.locator('label[for="q-recommend-8"]');
    expect(await picked.evaluate((el: any) => el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor)).toBe('rgb(11, 79, 138)');
    await page.getByLabel('هل هناك ما كان بإمكاننا فعله بشكل أفضل؟').fill(ARABIC_COMMENT);

    const thanked = await submit(page, 'إرسال');
    expect(thanked.status()).toBe(200);
    expect(await page.locator('html[lang=ar][dir=rtl]').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('شكراً لك');
    expect(await page.locator('main').textContent()).toContain('مستشفى بي إكس 360 العام التجريبي');
    await screenshot(page, 'survey-ar-thanks.png');

    const survey = await api.em().findOneOrFail(SurveyInstance, { id: surveyId });
    expect(survey).toMatchObject({ status: 'completed', respondedVia: 'web', score: expect.any(Number) });

    // The link is single-use: opening it again says it has been answered.
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('تمت الإجابة عن هذا الاستبيان');
  });

  it('switches an Arabic survey to English, left to right, and records a happy patient', async () => {
    const { link, surveyId } = await sentSurvey('ar');
    const page = await newPage();
    await page.goto(link);

    const switched = await navigation(page, () => page.getByRole('link', { name: 'English' }).click());
    expect(switched.status()).toBe(200);
    expect(await page.locator('html[lang=en][dir=ltr]').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Outpatient visit');
    const zero = await npsChipX(page, 0);
    expect(zero).toBeLessThan(await npsChipX(page, 1));
    expect(zero).toBeLessThan(await npsChipX(page, 10));

    await choose(page, 'How likely are you to recommend us', '10');
    await choose(page, 'waiting time in the clinic', '5');
    await choose(page, 'How well did the doctor explain', '5');
    await choose(page, 'courtesy and respect', '5');
    await choose(page, 'privacy', 'Yes');
    await page.getByLabel('Is there anything we could have done better?').fill('Everything was excellent, thank you.');
    await screenshot(page, 'survey-en-form.png');

    const thanked = await submit(page, 'Submit');
    expect(thanked.status()).toBe(200);
    expect(await page.locator('html[lang=en][dir=ltr]').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    expect(await page.locator('main').textContent()).toContain('PX360 Demo General Hospital');
    await screenshot(page, 'survey-en-thanks.png');

    const survey = await api.em().findOneOrFail(SurveyInstance, { id: surveyId });
    expect(survey).toMatchObject({ status: 'completed', respondedVia: 'web', negative: false, npsCategory: 'promoter' });
  });

  it('can be answered with JavaScript turned off', async () => {
    const { link, surveyId } = await sentSurvey('en');
    // The phone of phoneContext, minus JavaScript.
    const page = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    await page.goto(link);

    await choose(page, 'How likely are you to recommend us', '9');
    await choose(page, 'waiting time in the clinic', '3');
    await choose(page, 'How well did the doctor explain', '4');
    await choose(page, 'courtesy and respect', '4');
    await choose(page, 'privacy', 'Yes');
    const thanked = await submit(page, 'Submit');

    expect(thanked.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    expect((await api.em().findOneOrFail(SurveyInstance, { id: surveyId })).status).toBe('completed');
  });

  it('names every control and lets a keyboard user tab through the questions to the submit button', async () => {
    const { link } = await sentSurvey('en');
    const page = await newPage();
    await page.goto(link);

    const controls = page.locator('form').locator('input:visible, textarea:visible');
    const count = await controls.count();
    // 11 + 5 + 5 + 5 chips, yes and no, and the comment box.
    expect(count).toBe(29);
    const unnamed: (string | null)[] = [];
    for (let i = 0; i < count; i++) {
      const control = controls.nth(i);
      const named = await control.evaluate((el: any) => (el.labels?.length ?? 0) > 0 || Boolean(el.getAttribute('aria-label')?.trim()));
      if (!named) unnamed.push(await control.getAttribute('id'));
    }
    expect(unnamed).toEqual([]);

    // One tab stop per question (arrow keys move within a scale), in the order they are asked.
    const stops: string[] = [];
    for (let presses = 0; presses < 20 && !stops.includes('submit'); presses++) {
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      stops.push((await focused.getAttribute('name')) ?? ((await focused.getAttribute('type')) === 'submit' ? 'submit' : ((await focused.textContent()) ?? '')));
    }
    expect(stops).toEqual(['العربية', 'recommend', 'waiting_time', 'doctor_explanation', 'respect', 'privacy', 'comments', 'submit']);
  });

  it('is one small document with nothing else to fetch', async () => {
    const { link } = await sentSurvey('ar');
    const page = await newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    const response = await page.goto(link);
    // Patients open links on slow mobile data: the whole page, styles included, in under 50 KB.
    expect(response?.status()).toBe(200);
    expect((await response!.body()).length).toBeLessThan(50 * 1024);
    expect(requested).toEqual([link]);
  });
});
