import { AnswerError, scoreSurvey, validateAnswers, type Answer, type AnswerValue, type ChoiceOption, type QuestionType, type ScoredQuestion, type ScoringTemplate } from './scoring';

const WARD_OPTIONS: ChoiceOption[] = [
  { code: 'poor', labelEn: 'Poor', labelAr: 'ضعيف', score: 0 },
  { code: 'fair', labelEn: 'Fair', labelAr: 'مقبول', score: 50 },
  { code: 'good', labelEn: 'Good', labelAr: 'جيد', score: 100 },
  { code: 'unsure', labelEn: 'Not sure', labelAr: 'لست متأكدا' },
];

function question(code: string, type: QuestionType, overrides: Partial<ScoredQuestion> = {}): ScoredQuestion {
  const options = type === 'single_choice' || type === 'multiple_choice' ? WARD_OPTIONS : [];
  return { code, type, weight: 1, critical: false, required: true, options, ...overrides };
}

function template(questions: ScoredQuestion[], overrides: Partial<ScoringTemplate> = {}): ScoringTemplate {
  return { scoringMethod: 'average', negativeThreshold: 60, questions, ...overrides };
}

/** Answers from a code → value record, in the record's order. */
function answers(values: Record<string, AnswerValue>): Answer[] {
  return Object.entries(values).map(([questionCode, value]) => ({ questionCode, value }));
}

/** Five-of-five ratings that keep a survey comfortably above its threshold. */
function highRatings(count: number): { questions: ScoredQuestion[]; values: Record<string, AnswerValue> } {
  const codes = Array.from({ length: count }, (_, i) => `rating_${i + 1}`);
  return { questions: codes.map((code) => question(code, 'rating')), values: Object.fromEntries(codes.map((code) => [code, 5])) };
}

describe('normalising one answer to 0-100', () => {
  it.each<[QuestionType, AnswerValue, number | null]>([
    ['rating', 1, 0],
    ['rating', 2, 25],
    ['rating', 3, 50],
    ['rating', 4, 75],
    ['rating', 5, 100],
    ['likert', 1, 0],
    ['likert', 2, 25],
    ['likert', 3, 50],
    ['likert', 4, 75],
    ['likert', 5, 100],
    ['nps', 0, 0],
    ['nps', 6, 60],
    ['nps', 7, 70],
    ['nps', 10, 100],
    ['yes_no', true, 100],
    ['yes_no', false, 0],
    ['single_choice', 'poor', 0],
    ['single_choice', 'fair', 50],
    ['single_choice', 'good', 100],
    ['single_choice', 'unsure', null],
    ['multiple_choice', ['poor', 'good'], 50],
    ['multiple_choice', ['fair', 'good', 'unsure'], 75],
    ['multiple_choice', ['unsure'], null],
    ['multiple_choice', [], null],
    ['free_text', 'The nurses were lovely', null],
  ])('%s answered %j → %p', (type, value, expected) => {
    const result = scoreSurvey(template([question('q', type, { required: false })]), answers({ q: value }));
    expect(result.normalised).toEqual(expected === null ? [] : [{ questionCode: 'q', value: expected }]);
    expect(result.score).toBe(expected);
  });
});

describe('survey score by method', () => {
  const questions = [
    question('overall', 'rating', { weight: 3 }),
    question('felt_safe', 'yes_no', { weight: 1 }),
    question('parking', 'rating', { weight: 0 }),
    question('recommend', 'nps', { weight: 2 }),
    question('comment', 'free_text', { weight: 5 }),
  ];
  const response = answers({ overall: 2, felt_safe: true, parking: 5, recommend: 7, comment: 'Fine' });

  it('average: plain mean of every scorable answer, free text left out', () => {
    // (25 + 100 + 100 + 70) / 4
    expect(scoreSurvey(template(questions), response).score).toBe(73.75);
  });

  it('weighted: mean by question weight, weight-0 questions excluded', () => {
    // (3×25 + 1×100 + 2×70) / (3 + 1 + 2) = 315 / 6
    expect(scoreSurvey(template(questions, { scoringMethod: 'weighted' }), response).score).toBe(52.5);
  });

  it('nps: the NPS answer alone, whatever else was answered', () => {
    expect(scoreSurvey(template(questions, { scoringMethod: 'nps' }), response).score).toBe(70);
  });

  it('rounds the score to 2 decimals', () => {
    // (75 + 100 + 100) / 3 = 91.666…
    const three = [question('a', 'rating'), question('b', 'rating'), question('c', 'rating')];
    expect(scoreSurvey(template(three), answers({ a: 4, b: 5, c: 5 })).score).toBe(91.67);
    // 1×0 + 2×100 over 3 = 66.666…
    const weighted = [question('a', 'rating', { weight: 1 }), question('b', 'rating', { weight: 2 })];
    expect(scoreSurvey(template(weighted, { scoringMethod: 'weighted' }), answers({ a: 1, b: 5 })).score).toBe(66.67);
  });

  it('nps: null, and not negative, when the NPS question is unanswered', () => {
    const optionalNps = questions.map((q) => (q.code === 'recommend' ? { ...q, required: false } : q));
    const result = scoreSurvey(template(optionalNps, { scoringMethod: 'nps' }), answers({ overall: 5, felt_safe: true }));
    expect(result.score).toBeNull();
    expect(result.npsCategory).toBeNull();
    expect(result.negative).toBe(false);
    expect(result.normalised).toHaveLength(2);
  });

  it('weighted: null when only weight-0 questions were answered', () => {
    const result = scoreSurvey(template(questions, { scoringMethod: 'weighted' }), answers({ parking: 1 }));
    expect(result.score).toBeNull();
    expect(result.negativeReasons).toEqual([]);
  });

  it('leaves out optional questions that were not answered', () => {
    const optional = questions.map((q) => ({ ...q, required: false }));
    const result = scoreSurvey(template(optional), answers({ felt_safe: false }));
    expect(result.score).toBe(0);
    expect(result.normalised).toEqual([{ questionCode: 'felt_safe', value: 0 }]);
  });

  it('lists normalised answers in template order', () => {
    const result = scoreSurvey(template(questions), [...response].reverse());
    expect(result.normalised.map((n) => n.questionCode)).toEqual(['overall', 'felt_safe', 'parking', 'recommend']);
  });
});

describe('NPS category', () => {
  it.each<[number, 'promoter' | 'passive' | 'detractor']>([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('%i is a %s', (value, category) => {
    expect(scoreSurvey(template([question('recommend', 'nps')]), answers({ recommend: value })).npsCategory).toBe(category);
  });

  it('is null without an NPS question', () => {
    expect(scoreSurvey(template([question('overall', 'rating')]), answers({ overall: 5 })).npsCategory).toBeNull();
  });
});

describe('top box', () => {
  const questions = [
    question('overall', 'rating'),
    question('respect', 'likert'),
    question('recommend', 'nps'),
    question('felt_safe', 'yes_no'),
    question('ward', 'single_choice'),
    question('services', 'multiple_choice'),
    question('comment', 'free_text'),
  ];

  it('is the share of scorable answers in their best category', () => {
    // Best: likert 5, NPS 9, yes, 'good' (100). Not best: rating 4, services mean 75. Comment not scorable.
    const response = answers({ overall: 4, respect: 5, recommend: 9, felt_safe: true, ward: 'good', services: ['fair', 'good'], comment: 'ok' });
    expect(scoreSurvey(template(questions), response).topBox).toBeCloseTo(4 / 6, 10);
  });

  it('counts rating 5 and multiple choices all scoring 100, but not NPS 8', () => {
    const response = answers({ overall: 5, respect: 4, recommend: 8, felt_safe: false, ward: 'fair', services: ['good'], comment: 'ok' });
    expect(scoreSurvey(template(questions), response).topBox).toBeCloseTo(2 / 6, 10);
  });

  it('is null when nothing scorable was answered', () => {
    expect(scoreSurvey(template([question('comment', 'free_text')]), answers({ comment: 'ok' })).topBox).toBeNull();
  });
});

describe('negative surveys', () => {
  it('below_threshold: score under the template threshold', () => {
    const result = scoreSurvey(template([question('overall', 'rating')]), answers({ overall: 2 }));
    expect(result.score).toBe(25);
    expect(result.negative).toBe(true);
    expect(result.negativeReasons).toEqual(['below_threshold']);
  });

  it('a score exactly at the threshold is not negative', () => {
    const result = scoreSurvey(template([question('overall', 'rating')], { negativeThreshold: 50 }), answers({ overall: 3 }));
    expect(result.negative).toBe(false);
  });

  it('nps_detractor: NPS 6 or less even when the score is high', () => {
    const { questions, values } = highRatings(2);
    const result = scoreSurvey(template([...questions, question('recommend', 'nps')]), answers({ ...values, recommend: 6 }));
    expect(result.score).toBe(86.67);
    expect(result.negativeReasons).toEqual(['nps_detractor']);
  });

  it('NPS 7 is not a detractor', () => {
    const result = scoreSurvey(template([question('recommend', 'nps')]), answers({ recommend: 7 }));
    expect(result.negative).toBe(false);
  });

  it('critical:<code>: a critical rating of 1, but not of 2', () => {
    const { questions, values } = highRatings(3);
    const all = [...questions, question('cleanliness', 'rating', { critical: true })];
    const worst = scoreSurvey(template(all), answers({ ...values, cleanliness: 1 }));
    expect(worst.score).toBe(75);
    expect(worst.negativeReasons).toEqual(['critical:cleanliness']);
    expect(scoreSurvey(template(all), answers({ ...values, cleanliness: 2 })).negative).toBe(false);
  });

  it('a critical yes/no answered "no" makes an otherwise high survey negative', () => {
    const { questions, values } = highRatings(5);
    const all = [...questions, question('felt_safe', 'yes_no', { critical: true })];
    const result = scoreSurvey(template(all), answers({ ...values, felt_safe: false }));
    expect(result.score).toBe(83.33);
    expect(result.negative).toBe(true);
    expect(result.negativeReasons).toEqual(['critical:felt_safe']);
  });

  it('the same "no" on a non-critical question is not negative', () => {
    const { questions, values } = highRatings(5);
    const result = scoreSurvey(template([...questions, question('felt_safe', 'yes_no')]), answers({ ...values, felt_safe: false }));
    expect(result.negative).toBe(false);
  });

  it('critical likert: strongly disagree only', () => {
    const { questions, values } = highRatings(3);
    const all = [...questions, question('respect', 'likert', { critical: true })];
    expect(scoreSurvey(template(all), answers({ ...values, respect: 1 })).negativeReasons).toEqual(['critical:respect']);
    expect(scoreSurvey(template(all), answers({ ...values, respect: 2 })).negative).toBe(false);
  });

  it('critical single choice: the lowest-scoring option only', () => {
    const { questions, values } = highRatings(5);
    const all = [...questions, question('ward', 'single_choice', { critical: true })];
    expect(scoreSurvey(template(all), answers({ ...values, ward: 'poor' })).negativeReasons).toEqual(['critical:ward']);
    expect(scoreSurvey(template(all), answers({ ...values, ward: 'fair' })).negative).toBe(false);
    expect(scoreSurvey(template(all), answers({ ...values, ward: 'unsure' })).negative).toBe(false);
  });

  it('critical multiple choice: any selection that includes the lowest-scoring option', () => {
    const { questions, values } = highRatings(5);
    const all = [...questions, question('services', 'multiple_choice', { critical: true })];
    expect(scoreSurvey(template(all), answers({ ...values, services: ['good', 'poor'] })).negativeReasons).toEqual(['critical:services']);
    expect(scoreSurvey(template(all), answers({ ...values, services: ['fair', 'good'] })).negative).toBe(false);
  });

  it('a critical NPS detractor gives both reasons', () => {
    const { questions, values } = highRatings(5);
    const all = [...questions, question('recommend', 'nps', { critical: true })];
    expect(scoreSurvey(template(all), answers({ ...values, recommend: 3 })).negativeReasons).toEqual(['nps_detractor', 'critical:recommend']);
  });

  it('combines every reason that applies, in a stable order', () => {
    const questions = [question('cleanliness', 'rating', { critical: true }), question('recommend', 'nps'), question('felt_safe', 'yes_no', { critical: true })];
    const result = scoreSurvey(template(questions), answers({ felt_safe: false, recommend: 2, cleanliness: 1 }));
    // (0 + 20 + 0) / 3
    expect(result.score).toBe(6.67);
    expect(result.negativeReasons).toEqual(['below_threshold', 'nps_detractor', 'critical:cleanliness', 'critical:felt_safe']);
  });

  it('an unanswered optional critical question is not negative', () => {
    const { questions, values } = highRatings(2);
    const all = [...questions, question('felt_safe', 'yes_no', { critical: true, required: false })];
    expect(scoreSurvey(template(all), answers(values)).negative).toBe(false);
  });

  it('an empty survey has no score and is not negative', () => {
    expect(scoreSurvey(template([question('overall', 'rating', { required: false })]), [])).toEqual({
      score: null,
      normalised: [],
      npsCategory: null,
      topBox: null,
      negative: false,
      negativeReasons: [],
    });
    expect(scoreSurvey(template([]), []).score).toBeNull();
  });
});

describe('validating answers', () => {
  const questions = [
    question('overall', 'rating'),
    question('recommend', 'nps'),
    question('respect', 'likert'),
    question('felt_safe', 'yes_no'),
    question('ward', 'single_choice'),
    question('services', 'multiple_choice'),
    question('extras', 'multiple_choice', { required: false }),
    question('comment', 'free_text'),
    question('other_comment', 'free_text', { required: false }),
  ];
  const survey = template(questions);
  const valid = { overall: 5, recommend: 10, respect: 1, felt_safe: false, ward: 'unsure', services: ['poor', 'good'], comment: 'شكرا' };

  function errorFrom(values: Record<string, AnswerValue>): AnswerError {
    try {
      validateAnswers(survey, answers(values));
    } catch (error) {
      if (error instanceof AnswerError) return error;
      throw error;
    }
    throw new Error('expected an AnswerError');
  }

  it('accepts a complete response, including boundary values and empty optional answers', () => {
    expect(() => validateAnswers(survey, answers(valid))).not.toThrow();
    expect(() => validateAnswers(survey, answers({ ...valid, overall: 1, recommend: 0, respect: 5, extras: [], other_comment: '' }))).not.toThrow();
    expect(() => validateAnswers(survey, answers({ ...valid, comment: 'x'.repeat(2000) }))).not.toThrow();
    // 2000 emoji are 4000 UTF-16 units but 2000 characters.
    expect(() => validateAnswers(survey, answers({ ...valid, comment: '🙂'.repeat(2000) }))).not.toThrow();
  });

  it.each<[string, string, AnswerValue, RegExp]>([
    ['rating 0', 'overall', 0, /whole number from 1 to 5 \(got 0\)/],
    ['rating 6', 'overall', 6, /whole number from 1 to 5/],
    ['rating 3.5', 'overall', 3.5, /whole number from 1 to 5/],
    ['rating as a string', 'overall', '5', /whole number from 1 to 5 \(got \"5\"\)/],
    ['rating NaN', 'overall', Number.NaN, /whole number from 1 to 5/],
    ['NPS 11', 'recommend', 11, /whole number from 0 to 10/],
    ['NPS -1', 'recommend', -1, /whole number from 0 to 10/],
    ['NPS 7.5', 'recommend', 7.5, /whole number from 0 to 10/],
    ['likert 0', 'respect', 0, /whole number from 1 to 5/],
    ['likert as a boolean', 'respect', true, /whole number from 1 to 5 \(got true\)/],
    ['yes/no as a string', 'felt_safe', 'yes', /true or false/],
    ['yes/no as a number', 'felt_safe', 1, /true or false/],
    ['unknown single choice', 'ward', 'excellent', /no option \"excellent\"/],
    ['single choice as a list', 'ward', ['good'], /one option code \(got a list\)/],
    ['multiple choice as a string', 'services', 'good', /list of option codes/],
    ['unknown multiple choice', 'services', ['good', 'bogus'], /no option \"bogus\"/],
    ['duplicate multiple choice', 'services', ['good', 'good'], /option \"good\" more than once/],
    ['empty required multiple choice', 'services', [], /required/],
    ['free text as a number', 'comment', 42, /must be text/],
    ['free text of 2001 characters', 'comment', 'x'.repeat(2001), /at most 2000 characters \(got 2001\)/],
    ['blank required free text', 'comment', '   ', /required/],
  ])('rejects %s and names the question', (_case, code, value, message) => {
    const error = errorFrom({ ...valid, [code]: value });
    expect(error.questionCode).toBe(code);
    expect(error.message).toMatch(new RegExp(`^${code}: `));
    expect(error.message).toMatch(message);
  });

  it('rejects an answer to a question the survey does not have', () => {
    const error = errorFrom({ ...valid, parking: 3 });
    expect(error.questionCode).toBe('parking');
    expect(error.message).toBe('parking: is not a question of this survey');
  });

  it('rejects a required question left unanswered', () => {
    const { ward: _omitted, ...withoutWard } = valid;
    const error = errorFrom(withoutWard);
    expect(error.questionCode).toBe('ward');
    expect(error.message).toBe('ward: is required');
  });

  it('rejects two answers to one question', () => {
    let error: unknown;
    try {
      validateAnswers(survey, [...answers(valid), { questionCode: 'overall', value: 1 }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnswerError);
    expect((error as AnswerError).questionCode).toBe('overall');
    expect((error as AnswerError).message).toMatch(/more than once/);
  });

  it('cuts long rejected text short in the message', () => {
    const error = errorFrom({ ...valid, ward: 'a'.repeat(500) });
    expect(error.message.length).toBeLessThan(100);
  });
});
