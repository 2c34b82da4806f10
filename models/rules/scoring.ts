/**
 * Survey scoring (DESIGN §7) as pure functions over plain data, so the activity that records a
 * response and the API that previews one cannot disagree about a score.
 */
export type QuestionType = 'rating' | 'nps' | 'likert' | 'yes_no' | 'single_choice' | 'multiple_choice' | 'free_text';
export type ScoringMethod = 'average' | 'weighted' | 'nps';

/** One choice of a single- or multiple-choice question; `score` (0-100) is what choosing it is worth. */
export interface ChoiceOption {
  code: string;
  labelEn: string;
  labelAr: string;
  score?: number;
}

export interface ScoredQuestion {
  code: string;
  type: QuestionType;
  weight: number;
  critical: boolean;
  required: boolean;
  options: ChoiceOption[];
}

export interface ScoringTemplate {
  scoringMethod: ScoringMethod;
  negativeThreshold: number;
  questions: ScoredQuestion[];
}

export type AnswerValue = number | string | string[] | boolean;

export interface Answer {
  questionCode: string;
  value: AnswerValue;
}

export interface SurveyScore {
  /** 0-100 by the template's method; null when no scorable answer. */
  score: number | null;
  /** Each scorable answer normalised to 0-100. */
  normalised: { questionCode: string; value: number }[];
  /** From the NPS question (0-10): 9-10 promoter, 7-8 passive, 0-6 detractor; null without one. */
  npsCategory: 'promoter' | 'passive' | 'detractor' | null;
  /** Share (0-1) of scorable answers in their best category (5 of 5, 9-10 NPS, strongly agree, yes, a choice scoring 100). */
  topBox: number | null;
  negative: boolean;
  /** Why it is negative, machine-readable: 'below_threshold', 'nps_detractor', 'critical:<questionCode>'. */
  negativeReasons: string[];
}

/** An answer that does not fit its question; `questionCode` says which, so the API can point at it. */
export class AnswerError extends Error {
  constructor(
    readonly questionCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnswerError';
  }
}

const FREE_TEXT_MAX_CHARACTERS = 2000;

/** NPS 0-6 is a detractor, the same cut-off that makes a survey negative. */
const NPS_DETRACTOR_MAX = 6;
const NPS_PROMOTER_MIN = 9;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Throws an AnswerError for the first answer that does not fit the template: an unknown question,
 * a question answered twice, a value of the wrong type or range, or a required question left out.
 */
export function validateAnswers(template: ScoringTemplate, answers: Answer[]): void {
  const questions = new Map(template.questions.map((question) => [question.code, question]));
  const answered = new Set<string>();
  for (const { questionCode, value } of answers) {
    const question = questions.get(questionCode);
    if (!question) throw answerError(questionCode, 'is not a question of this survey');
    // Two answers to one question would make the score depend on which one we happened to read.
    if (answered.has(questionCode)) throw answerError(questionCode, 'is answered more than once');
    answered.add(questionCode);
    const problem = problemWith(question, value);
    if (problem) throw answerError(questionCode, problem);
  }
  const missing = template.questions.find((question) => question.required && !answered.has(question.code));
  if (missing) throw answerError(missing.code, 'is required');
}

function answerError(questionCode: string, problem: string): AnswerError {
  return new AnswerError(questionCode, `${questionCode}: ${problem}`);
}

/** What is wrong with a value for its question, or null when it fits. */
function problemWith(question: ScoredQuestion, value: unknown): string | null {
  switch (question.type) {
    case 'rating':
    case 'likert':
      return integerProblem(value, 1, 5);
    case 'nps':
      return integerProblem(value, 0, 10);
    case 'yes_no':
      return typeof value === 'boolean' ? null : `must be true or false (got ${shown(value)})`;
    case 'single_choice':
      return singleChoiceProblem(question, value);
    case 'multiple_choice':
      return multipleChoiceProblem(question, value);
    case 'free_text':
      return freeTextProblem(question, value);
    default:
      return corruptTemplate('question type', question.type);
  }
}

function integerProblem(value: unknown, min: number, max: number): string | null {
  const fits = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return fits ? null : `must be a whole number from ${min} to ${max} (got ${shown(value)})`;
}

function singleChoiceProblem(question: ScoredQuestion, value: unknown): string | null {
  if (typeof value !== 'string') return `must be one option code (got ${shown(value)})`;
  return findOption(question, value) ? null : `has no option ${shown(value)}`;
}

function multipleChoiceProblem(question: ScoredQuestion, value: unknown): string | null {
  if (!Array.isArray(value)) return `must be a list of option codes (got ${shown(value)})`;
  if (value.length === 0 && question.required) return 'is required: choose at least one option';
  const seen = new Set<unknown>();
  for (const code of value) {
    if (typeof code !== 'string' || !findOption(question, code)) return `has no option ${shown(code)}`;
    // A duplicate would count its option twice in the mean.
    if (seen.has(code)) return `chooses option ${shown(code)} more than once`;
    seen.add(code);
  }
  return null;
}

function freeTextProblem(question: ScoredQuestion, value: unknown): string | null {
  if (typeof value !== 'string') return `must be text (got ${shown(value)})`;
  // Blank text carries nothing, so it cannot satisfy a required comment.
  if (question.required && value.trim() === '') return 'is required';
  // Counted in characters (code points), not UTF-16 units, so emoji are not charged double.
  const length = [...value].length;
  return length <= FREE_TEXT_MAX_CHARACTERS ? null : `must be at most ${FREE_TEXT_MAX_CHARACTERS} characters (got ${length})`;
}

/** A short rendering of a rejected value; strings are cut so a misplaced comment cannot flood the error. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : 'an object';
}

/**
 * A template whose question type or scoring method is outside the model's unions is corrupt data,
 * not a bad answer: fail loudly (a plain Error, not an AnswerError) rather than mis-score quietly.
 */
function corruptTemplate(what: string, value: never): never {
  throw new Error(`survey template has unknown ${what} ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

interface AnsweredQuestion {
  question: ScoredQuestion;
  value: AnswerValue;
  /** 0-100, or null when the answer carries no score (free text, choices without a score). */
  normalised: number | null;
}

type ScoredAnswer = AnsweredQuestion & { normalised: number };

/**
 * Scores answers that `validateAnswers` accepted. Unanswered questions are simply left out, and
 * answers to questions the template does not have are ignored.
 */
export function scoreSurvey(template: ScoringTemplate, answers: Answer[]): SurveyScore {
  const answered = answeredQuestions(template, answers);
  const scored = answered.filter((answer): answer is ScoredAnswer => answer.normalised !== null);
  const nps = answered.find(isNpsAnswer);
  const score = surveyScore(template.scoringMethod, scored, nps);
  const negativeReasons = reasonsForNegative(template, score, answered);
  return {
    score,
    normalised: scored.map((answer) => ({ questionCode: answer.question.code, value: answer.normalised })),
    npsCategory: nps ? npsCategory(nps.value) : null,
    topBox: scored.length === 0 ? null : scored.filter(isTopBox).length / scored.length,
    negative: negativeReasons.length > 0,
    negativeReasons,
  };
}

/** The template's answered questions in template order, so results read in the order the patient saw. */
function answeredQuestions(template: ScoringTemplate, answers: Answer[]): AnsweredQuestion[] {
  const values = new Map<string, AnswerValue>();
  // validateAnswers refuses duplicates; should one slip through, the first answer counts.
  for (const answer of answers) if (!values.has(answer.questionCode)) values.set(answer.questionCode, answer.value);
  const answered: AnsweredQuestion[] = [];
  for (const question of template.questions) {
    const value = values.get(question.code);
    if (value !== undefined) answered.push({ question, value, normalised: normalise(question, value) });
  }
  return answered;
}

/** One answer on the common 0-100 scale, or null when the question type carries no score. */
function normalise(question: ScoredQuestion, value: AnswerValue): number | null {
  switch (question.type) {
    case 'rating':
    case 'likert':
      // 1-5 spaced evenly over 0-100: 0, 25, 50, 75, 100.
      return typeof value === 'number' ? (value - 1) * 25 : null;
    case 'nps':
      return typeof value === 'number' ? value * 10 : null;
    case 'yes_no':
      return typeof value === 'boolean' ? (value ? 100 : 0) : null;
    case 'single_choice':
      return typeof value === 'string' ? (findOption(question, value)?.score ?? null) : null;
    case 'multiple_choice':
      return Array.isArray(value) ? mean(chosenScores(question, value)) : null;
    case 'free_text':
      // Comments are read by people (and later sentiment analysis), never averaged in.
      return null;
    default:
      return corruptTemplate('question type', question.type);
  }
}

/** The first answered NPS question in template order is the survey's NPS. */
function isNpsAnswer(answer: AnsweredQuestion): answer is AnsweredQuestion & { value: number } {
  return answer.question.type === 'nps' && typeof answer.value === 'number';
}

function surveyScore(method: ScoringMethod, scored: ScoredAnswer[], nps: AnsweredQuestion | undefined): number | null {
  const raw = rawScore(method, scored, nps);
  return raw === null ? null : roundTo2(raw);
}

function rawScore(method: ScoringMethod, scored: ScoredAnswer[], nps: AnsweredQuestion | undefined): number | null {
  switch (method) {
    case 'average':
      return mean(scored.map((answer) => answer.normalised));
    case 'weighted':
      return weightedMean(scored);
    case 'nps':
      return nps?.normalised ?? null;
    default:
      return corruptTemplate('scoring method', method);
  }
}

/** Questions without a positive weight count for nothing; with no weight left there is no score. */
function weightedMean(scored: ScoredAnswer[]): number | null {
  let total = 0;
  let weights = 0;
  for (const { question, normalised } of scored) {
    if (!(question.weight > 0 && Number.isFinite(question.weight))) continue;
    total += question.weight * normalised;
    weights += question.weight;
  }
  return weights === 0 ? null : total / weights;
}

function npsCategory(value: number): 'promoter' | 'passive' | 'detractor' {
  if (value >= NPS_PROMOTER_MIN) return 'promoter';
  return value <= NPS_DETRACTOR_MAX ? 'detractor' : 'passive';
}

/**
 * Best category: 9-10 for NPS (a 9 normalises to 90, not 100); for every other type the top of
 * the scale, i.e. 5 of 5, strongly agree, yes, or choices all scoring 100.
 */
function isTopBox(answer: ScoredAnswer): boolean {
  if (answer.question.type === 'nps') return answer.normalised >= NPS_PROMOTER_MIN * 10;
  return answer.normalised === 100;
}

function reasonsForNegative(template: ScoringTemplate, score: number | null, answered: AnsweredQuestion[]): string[] {
  const reasons: string[] = [];
  // The rounded score is compared so the flag agrees with the number staff see.
  if (score !== null && score < template.negativeThreshold) reasons.push('below_threshold');
  if (answered.some(({ question, value }) => question.type === 'nps' && isDetractor(value))) reasons.push('nps_detractor');
  for (const { question, value } of answered) {
    if (question.critical && inWorstCategory(question, value)) reasons.push(`critical:${question.code}`);
  }
  return reasons;
}

function isDetractor(value: AnswerValue): boolean {
  return typeof value === 'number' && value <= NPS_DETRACTOR_MAX;
}

/** Whether a critical question's answer is bad enough on its own to make the survey negative. */
function inWorstCategory(question: ScoredQuestion, value: AnswerValue): boolean {
  switch (question.type) {
    case 'rating':
    case 'likert':
      return value === 1;
    case 'nps':
      return isDetractor(value);
    case 'yes_no':
      return value === false;
    case 'single_choice':
      return typeof value === 'string' && isLowestScoring(question, value);
    case 'multiple_choice':
      return Array.isArray(value) && value.some((code) => isLowestScoring(question, code));
    case 'free_text':
      // A strongly negative comment needs sentiment analysis, which is not this module's job.
      return false;
    default:
      return corruptTemplate('question type', question.type);
  }
}

/** Choice questions have no fixed scale, so their worst category is whichever option scores least. */
function isLowestScoring(question: ScoredQuestion, code: string): boolean {
  const scores = question.options.flatMap((option) => (option.score === undefined ? [] : [option.score]));
  if (scores.length === 0) return false;
  return findOption(question, code)?.score === Math.min(...scores);
}

function findOption(question: ScoredQuestion, code: string): ChoiceOption | undefined {
  return question.options.find((option) => option.code === code);
}

/** Scores of the distinct chosen options that have one; options without a score do not dilute the mean. */
function chosenScores(question: ScoredQuestion, codes: string[]): number[] {
  return [...new Set(codes)].flatMap((code) => {
    const score = findOption(question, code)?.score;
    return score === undefined ? [] : [score];
  });
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Half-up to 2 decimals. Going through 15 significant digits first absorbs binary noise, so that
 * 1.005 (stored as 1.00499…) rounds to 1.01 as a person would expect.
 */
function roundTo2(value: number): number {
  return Math.round(Number((value * 100).toPrecision(15))) / 100;
}
