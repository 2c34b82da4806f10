import { validateAnswers } from '../../models/rules/scoring';
import { answersFromForm, type PageQuestion } from '.';

const question = (code: string, type: PageQuestion['type'], required = true, options: string[] = []): PageQuestion => ({
  code,
  type,
  textEn: code,
  textAr: code,
  required,
  options: options.map((option) => ({ code: option, labelEn: option, labelAr: option })),
});

const questions: PageQuestion[] = [
  question('recommend', 'nps'),
  question('waiting_time', 'rating'),
  question('respect', 'likert', false),
  question('explained', 'yes_no'),
  question('visit_reason', 'single_choice', true, ['new_problem', 'follow_up']),
  question('services', 'multiple_choice', false, ['lab', 'pharmacy', 'radiology']),
  question('comments', 'free_text', false),
];

const complete = { recommend: '10', waiting_time: '4', explained: 'yes', visit_reason: 'follow_up' };

describe('answersFromForm', () => {
  it('turns a complete form into typed answers in question order', () => {
    const parsed = answersFromForm(questions, { ...complete, comments: '  Kind nurses.  ', services: ['radiology', 'lab'], respect: '5' });
    expect(parsed.errors).toEqual({});
    expect(parsed.answers).toEqual([
      { questionCode: 'recommend', value: 10 },
      { questionCode: 'waiting_time', value: 4 },
      { questionCode: 'respect', value: 5 },
      { questionCode: 'explained', value: true },
      { questionCode: 'visit_reason', value: 'follow_up' },
      { questionCode: 'services', value: ['lab', 'radiology'] },
      { questionCode: 'comments', value: 'Kind nurses.' },
    ]);
  });

  it('produces answers the scoring validation accepts', () => {
    const { answers } = answersFromForm(questions, { ...complete, services: 'pharmacy', comments: 'ok' });
    const template = { scoringMethod: 'average' as const, negativeThreshold: 60, questions: questions.map((q) => ({ ...q, weight: 1, critical: false })) };
    expect(() => validateAnswers(template, answers)).not.toThrow();
  });

  it('reads yes and no as true and false, and nothing else', () => {
    expect(answersFromForm(questions, { ...complete, explained: 'no' }).answers).toContainEqual({ questionCode: 'explained', value: false });
    expect(answersFromForm(questions, { ...complete, explained: 'maybe' }).errors).toEqual({ explained: 'invalid' });
  });

  it.each([
    ['above the scale', 'recommend', '11'],
    ['below the scale', 'waiting_time', '0'],
    ['negative', 'recommend', '-1'],
    ['a fraction', 'waiting_time', '3.5'],
    ['not a number', 'recommend', 'ten'],
    ['a number with trailing text', 'waiting_time', '4abc'],
    ['exponent notation', 'recommend', '1e1'],
  ])('rejects a scale value %s as invalid', (_, code, value) => {
    const parsed = answersFromForm(questions, { ...complete, [code]: value });
    expect(parsed.errors).toEqual({ [code]: 'invalid' });
    expect(parsed.answers.map((answer) => answer.questionCode)).not.toContain(code);
    expect(parsed.values[code]).toBe(value);
  });

  it('accepts both ends of the NPS scale', () => {
    expect(answersFromForm(questions, { ...complete, recommend: '0' }).answers[0]).toEqual({ questionCode: 'recommend', value: 0 });
  });

  it('takes a single multiple-choice value as a list of one', () => {
    expect(answersFromForm(questions, { ...complete, services: 'pharmacy' }).answers).toContainEqual({ questionCode: 'services', value: ['pharmacy'] });
  });

  it('removes duplicate choices and refuses unknown ones', () => {
    expect(answersFromForm(questions, { ...complete, services: ['lab', 'lab'] }).answers).toContainEqual({ questionCode: 'services', value: ['lab'] });
    expect(answersFromForm(questions, { ...complete, services: ['lab', 'surgery'] }).errors).toEqual({ services: 'invalid' });
    expect(answersFromForm(questions, { ...complete, visit_reason: 'surgery' }).errors).toEqual({ visit_reason: 'invalid' });
  });

  it('refuses two values for a one-answer question', () => {
    expect(answersFromForm(questions, { ...complete, recommend: ['9', '10'] }).errors).toEqual({ recommend: 'invalid' });
  });

  it('refuses the nested objects the body parser makes of bracketed keys', () => {
    const form = { ...complete, visit_reason: { x: 'follow_up' } } as unknown as Record<string, string>;
    const parsed = answersFromForm(questions, form);
    expect(parsed.errors).toEqual({ visit_reason: 'invalid' });
    expect(parsed.values).not.toHaveProperty('visit_reason');
  });

  it('reports each missing required question, and only those', () => {
    const parsed = answersFromForm(questions, { recommend: '', explained: 'yes' });
    expect(parsed.errors).toEqual({ recommend: 'required', waiting_time: 'required', visit_reason: 'required' });
    expect(parsed.answers).toEqual([{ questionCode: 'explained', value: true }]);
  });

  it('leaves out a blank optional question without complaint', () => {
    const parsed = answersFromForm(questions, { ...complete, comments: ' \r\n ', services: '', respect: '' });
    expect(parsed.errors).toEqual({});
    expect(parsed.answers.map((answer) => answer.questionCode)).toEqual(['recommend', 'waiting_time', 'explained', 'visit_reason']);
  });

  it('needs real text for a required free-text question', () => {
    const required = [question('comments', 'free_text')];
    expect(answersFromForm(required, { comments: '   ' }).errors).toEqual({ comments: 'required' });
  });

  it('keeps free text to 2000 characters, counting a posted line break as one', () => {
    const lines = Array.from({ length: 500 }, () => 'abc').join('\r\n');
    expect(lines.length).toBeGreaterThan(2000);
    expect(answersFromForm(questions, { ...complete, comments: lines }).answers).toContainEqual({ questionCode: 'comments', value: lines.replace(/\r\n/g, '\n') });
    expect(answersFromForm(questions, { ...complete, comments: 'ش'.repeat(2001) }).errors).toEqual({ comments: 'invalid' });
  });

  it('ignores keys that are not questions', () => {
    const parsed = answersFromForm(questions, { ...complete, lang: 'ar', _csrf: 'x', constructor: '1' });
    expect(parsed.errors).toEqual({});
    expect(Object.keys(parsed.values).sort()).toEqual(Object.keys(complete).sort());
  });

  it('does not read inherited properties as answers', () => {
    const odd = [question('constructor', 'free_text', true)];
    expect(answersFromForm(odd, {}).errors).toEqual({ constructor: 'required' });
  });

  it('echoes what was posted for re-rendering, untrimmed', () => {
    const form = { ...complete, comments: '  hello ', services: ['lab', 'pharmacy'] };
    expect(answersFromForm(questions, form).values).toEqual(form);
  });
});
