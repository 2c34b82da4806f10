import { escapeHtml, renderGone, renderNotFound, renderOptedOut, renderOptOutConfirm, renderSurveyPage, renderThankYou, type PageQuestion, type SurveyPageModel } from '.';

const questions: PageQuestion[] = [
  { code: 'recommend', type: 'nps', textEn: 'How likely are you to recommend us?', textAr: 'ما مدى احتمال أن توصي بنا؟', required: true, options: [] },
  { code: 'waiting_time', type: 'rating', textEn: 'How was the waiting time?', textAr: 'كيف كان وقت الانتظار؟', required: true, options: [] },
  { code: 'respect', type: 'likert', textEn: 'Staff treated me with respect.', textAr: 'عاملني الموظفون باحترام.', required: true, options: [] },
  { code: 'explained', type: 'yes_no', textEn: 'Were your medicines explained?', textAr: 'هل شُرحت لك أدويتك؟', required: false, options: [] },
  {
    code: 'visit_reason',
    type: 'single_choice',
    textEn: 'Why did you visit?',
    textAr: 'ما سبب زيارتك؟',
    required: true,
    options: [
      { code: 'new_problem', labelEn: 'A new problem', labelAr: 'مشكلة جديدة' },
      { code: 'follow_up', labelEn: 'A follow-up', labelAr: 'متابعة' },
    ],
  },
  {
    code: 'services',
    type: 'multiple_choice',
    textEn: 'Which services did you use?',
    textAr: 'ما الخدمات التي استخدمتها؟',
    required: false,
    options: [
      { code: 'lab', labelEn: 'Laboratory', labelAr: 'المختبر' },
      { code: 'pharmacy', labelEn: 'Pharmacy', labelAr: 'الصيدلية' },
      { code: 'radiology', labelEn: 'Radiology', labelAr: 'الأشعة' },
    ],
  },
  { code: 'comments', type: 'free_text', textEn: 'Anything else?', textAr: 'هل لديك ملاحظات أخرى؟', required: false, options: [] },
];

function model(overrides: Partial<SurveyPageModel> = {}): SurveyPageModel {
  return {
    language: 'en',
    action: '/s/tok123?lang=en',
    switchHref: '/s/tok123?lang=ar',
    optOutHref: '/s/tok123/opt-out?lang=en',
    hospitalName: 'Demo Hospital',
    surveyName: 'Outpatient visit',
    questions,
    ...overrides,
  };
}

const arabic = () => model({ language: 'ar', action: '/s/tok123?lang=ar', switchHref: '/s/tok123?lang=en', hospitalName: 'المستشفى التجريبي', surveyName: 'زيارة العيادات الخارجية' });

/** Every `<input>` and `<textarea>` start tag in the page. */
const controls = (html: string) => [...html.matchAll(/<(?:input|textarea)\b[^>]*>/g)].map((match) => match[0]);
const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const radioValues = (html: string, name: string) =>
  controls(html)
    .filter((tag) => attribute(tag, 'name') === name)
    .map((tag) => attribute(tag, 'value'));
/** The start tag of the element with this id. */
const elementWithId = (html: string, id: string) => html.match(new RegExp(`<[a-z]+\\b[^>]*\\sid="${id}"[^>]*>`))?.[0];

describe('the survey page', () => {
  it('is right-to-left Arabic for an Arabic patient, with Arabic questions and button', () => {
    const html = renderSurveyPage(arabic());
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('ما مدى احتمال أن توصي بنا؟');
    expect(html).toContain('<button type="submit">إرسال</button>');
    expect(html).not.toContain('How likely are you to recommend us?');
    expect(html).toContain('غير محتمل إطلاقاً');
    expect(html).toContain('إيقاف استلام الاستبيانات');
    // The scales mirror with the page: nothing but the link to English is left-to-right.
    expect(html).not.toMatch(/direction\s*:\s*ltr/);
    expect(html.replace(/<header>.*<\/header>/, '')).not.toContain('dir="ltr"');
  });

  it('is left-to-right English for an English patient', () => {
    const html = renderSurveyPage(model());
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain('How likely are you to recommend us?');
    expect(html).toContain('<button type="submit">Submit</button>');
    expect(html).toContain('Not at all likely');
    expect(html).toContain('Extremely likely');
  });

  it('links to the other language with a plain link marked with that language', () => {
    expect(renderSurveyPage(model())).toContain('<a href="/s/tok123?lang=ar" hreflang="ar" lang="ar" dir="rtl">العربية</a>');
    expect(renderSurveyPage(arabic())).toContain('<a href="/s/tok123?lang=en" hreflang="en" lang="en" dir="ltr">English</a>');
  });

  it('is a plain form that posts to the action, with the opt-out link in the footer', () => {
    const html = renderSurveyPage(model());
    expect(html).toContain('<form method="post" action="/s/tok123?lang=en">');
    expect(html).toContain('<footer><a href="/s/tok123/opt-out?lang=en">Stop receiving surveys</a></footer>');
  });

  it('gives every input and textarea a label pointing at its id', () => {
    for (const html of [renderSurveyPage(model()), renderSurveyPage(arabic())]) {
      const tags = controls(html);
      expect(tags.length).toBe(11 + 5 + 5 + 2 + 2 + 3 + 1);
      const ids = tags.map((tag) => attribute(tag, 'id'));
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) {
        expect(id).toBeDefined();
        expect(html).toMatch(new RegExp(`<label for="${id}">[^<\\s]`));
      }
    }
  });

  it('offers the scales as radios valued with their numbers', () => {
    const html = renderSurveyPage(model());
    expect(radioValues(html, 'recommend')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(radioValues(html, 'waiting_time')).toEqual(['1', '2', '3', '4', '5']);
    expect(radioValues(html, 'respect')).toEqual(['1', '2', '3', '4', '5']);
    expect(radioValues(html, 'explained')).toEqual(['yes', 'no']);
    expect(radioValues(html, 'visit_reason')).toEqual(['new_problem', 'follow_up']);
    expect(controls(html).filter((tag) => attribute(tag, 'name') === 'recommend').every((tag) => attribute(tag, 'type') === 'radio')).toBe(true);
    expect(html).toMatch(/<label for="q-recommend-10">10<\/label>/);
    expect(html).toMatch(/<label for="q-respect-1">1 <small>Strongly disagree<\/small><\/label>/);
  });

  it('describes the ends of a numeric scale to assistive technology', () => {
    const html = renderSurveyPage(model());
    const group = elementWithId(html, 'q-recommend');
    expect(attribute(group!, 'aria-describedby')).toBe('cap-recommend');
    expect(elementWithId(html, 'cap-recommend')).toBeDefined();
    expect(html).toContain('<span>0 – Not at all likely</span><span>10 – Extremely likely</span>');
  });

  it('offers multiple choice as checkboxes sharing the question code', () => {
    const tags = controls(renderSurveyPage(model())).filter((tag) => attribute(tag, 'name') === 'services');
    expect(tags.map((tag) => [attribute(tag, 'type'), attribute(tag, 'value')])).toEqual([
      ['checkbox', 'lab'],
      ['checkbox', 'pharmacy'],
      ['checkbox', 'radiology'],
    ]);
  });

  it('marks required and optional questions visibly, and required groups for assistive technology', () => {
    const html = renderSurveyPage(model());
    expect(html).toContain('How likely are you to recommend us? <span class="tag">(Required)</span>');
    expect(html).toContain('Anything else? <span class="tag">(Optional)</span>');
    expect(attribute(elementWithId(html, 'q-recommend')!, 'aria-required')).toBe('true');
    expect(attribute(elementWithId(html, 'q-explained')!, 'aria-required')).toBeUndefined();
    expect(attribute(elementWithId(html, 'q-comments')!, 'maxlength')).toBe('2000');
    // The server validates; browser validation would speak the browser's language, not the page's.
    expect(html).not.toMatch(/\srequired[\s>=]/);
  });

  it('re-fills what the patient submitted', () => {
    const html = renderSurveyPage(model({ values: { recommend: '9', explained: 'no', services: ['lab', 'radiology'], comments: 'Long wait & cold room' } }));
    const checked = controls(html).filter((tag) => /\schecked\b/.test(tag)).map((tag) => attribute(tag, 'id'));
    expect(checked).toEqual(['q-recommend-9', 'q-explained-no', 'q-services-lab', 'q-services-radiology']);
    expect(html).toMatch(/<textarea [^>]*>\nLong wait &amp; cold room<\/textarea>/);
  });

  it('shows errors beside their questions and in a summary announced at the top', () => {
    const html = renderSurveyPage(model({ errors: { recommend: 'required', comments: 'invalid' } }));
    expect(html).toMatch(/<title>Error: Outpatient visit – Demo Hospital<\/title>/);
    const summary = html.match(/<div class="summary" role="alert"[\s\S]*?<\/div>/)?.[0];
    expect(summary).toBeDefined();
    expect(html.indexOf(summary!)).toBeLessThan(html.indexOf('<form'));
    expect([...summary!.matchAll(/href="#(q-[a-z_]+)"/g)].map((match) => match[1])).toEqual(['q-recommend', 'q-comments']);
    expect(summary).toContain('Please answer this question.');
    expect(summary).toContain('Please shorten your answer to 2,000 characters or fewer.');

    const group = elementWithId(html, 'q-recommend')!;
    expect(attribute(group, 'aria-invalid')).toBe('true');
    expect(attribute(group, 'aria-describedby')).toBe('cap-recommend err-recommend');
    expect(elementWithId(html, 'err-recommend')).toMatch(/^<p class="err"/);
    const textarea = elementWithId(html, 'q-comments')!;
    expect(textarea).toMatch(/^<textarea/);
    expect(attribute(textarea, 'aria-invalid')).toBe('true');
    expect(attribute(textarea, 'aria-describedby')).toBe('err-comments');
    expect(attribute(elementWithId(html, 'q-waiting_time')!, 'aria-invalid')).toBeUndefined();
  });

  it('shows errors in Arabic on an Arabic page', () => {
    const html = renderSurveyPage({ ...arabic(), errors: { visit_reason: 'invalid' } });
    expect(html).toContain('يرجى مراجعة إجاباتك');
    expect(html).toContain('يرجى الاختيار من بين الإجابات المعروضة.');
  });

  it('has no summary when nothing is wrong', () => {
    const html = renderSurveyPage(model());
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain('aria-invalid');
  });

  it('escapes every value it shows, and never contains a script', () => {
    const hostile = '<script>alert("x")</script>';
    const html = renderSurveyPage(
      model({
        hospitalName: hostile,
        surveyName: hostile,
        action: '/s/"><script>',
        questions: [{ ...questions[4], textEn: `Why ${hostile}?`, options: [{ code: 'a', labelEn: hostile, labelAr: 'أ' }, questions[4].options[1]] }, questions[6]],
        values: { comments: `</textarea>${hostile}` },
        errors: { visit_reason: 'required' },
      }),
    );
    expect(html).toContain('Why &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;?');
    expect(html).toContain('action="/s/&quot;&gt;&lt;script&gt;"');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<\/textarea>/g)).toHaveLength(1);
  });

  it('stays well under 50 KB for a long Arabic survey', () => {
    const long = (i: number): PageQuestion => ({
      ...questions[i % questions.length],
      code: `q${i}`,
      textEn: `Question ${i}: ${'how satisfied were you with this part of your visit '.repeat(3)}`,
      textAr: `السؤال ${i}: ${'ما مدى رضاك عن هذا الجزء من زيارتك '.repeat(3)}`,
    });
    const twelve = Array.from({ length: 12 }, (_, i) => long(i));
    for (const language of ['ar', 'en'] as const) {
      const html = renderSurveyPage({ ...model({ language }), questions: twelve, errors: Object.fromEntries(twelve.map((q) => [q.code, 'required'])) });
      expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(50_000);
    }
  });
});

describe('the status pages', () => {
  const pages = {
    'thank you': renderThankYou('ar', 'المستشفى التجريبي'),
    gone: renderGone('en', 'expired'),
    'not found': renderNotFound('en'),
    'opt-out confirmation': renderOptOutConfirm({ language: 'en', action: '/s/tok/opt-out' }),
    'opted out': renderOptedOut('ar'),
  };

  it.each(Object.entries(pages))('%s is a complete page with no script', (_, html) => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="(ar" dir="rtl|en" dir="ltr)">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<\/html>\n$/);
    expect(html).not.toMatch(/<script/i);
  });

  it('thanks the patient in their language, naming the hospital', () => {
    expect(renderThankYou('ar', 'المستشفى التجريبي')).toContain('تساعد المستشفى التجريبي على تحسين الرعاية');
    expect(renderThankYou('en', 'Demo <Hospital>')).toContain('They help Demo &lt;Hospital&gt; improve care');
  });

  it('says why a link can no longer be used', () => {
    expect(renderGone('en', 'used')).toContain('You have already answered this survey.');
    expect(renderGone('en', 'expired')).toContain('This survey is no longer open for answers.');
    expect(renderGone('ar', 'used')).toContain('لقد أجبت عن هذا الاستبيان من قبل.');
  });

  it('explains an unknown link in both languages, Arabic first, each block marked', () => {
    const html = renderNotFound('en');
    const arabicBlock = html.indexOf('<section lang="ar" dir="rtl">');
    const englishBlock = html.indexOf('<section lang="en" dir="ltr">');
    expect(arabicBlock).toBeGreaterThan(-1);
    expect(englishBlock).toBeGreaterThan(arabicBlock);
    expect(html).toContain('تعذّر العثور على رابط الاستبيان');
    expect(html).toContain('Survey link not found');
  });

  it('asks before opting out, with a button that posts', () => {
    const html = renderOptOutConfirm({ language: 'ar', action: '/s/tok/opt-out?lang=ar', channelLabel: 'واتساب' });
    expect(html).toContain('هل تريد التوقف عن استلام استبياناتنا عبر واتساب؟');
    expect(html).toMatch(/<form method="post" action="\/s\/tok\/opt-out\?lang=ar">\s*<button type="submit">إيقاف استلام الاستبيانات<\/button>/);
    expect(renderOptOutConfirm({ language: 'en', action: '/x' })).toContain('Do you want to stop receiving our surveys?');
  });

  it('confirms the opt-out', () => {
    expect(renderOptedOut('en')).toContain('You will not receive more surveys');
  });
});

describe('escapeHtml', () => {
  it('escapes the characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
