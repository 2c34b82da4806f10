/**
 * Survey timing a hospital or a stage template may set over the `PX_SURVEY_*` defaults: one schema
 * and one check for both, so a value either level accepts is one the survey workflow can run on.
 */
import type { SurveySettings } from '../../models/entities';
import { DURATION_LIST_PATTERN, parseDurationList, parseSurveyDuration } from '../../models/rules/duration';
import { durationLimitProblem, type DurationKind } from '../../models/rules/durationLimits';
import { parseQuietHours, QUIET_HOURS_PATTERN } from '../../models/rules/surveyTiming';
import type { FieldProblem } from '../errors';
import { answerObject } from './schemaParts';

/** One duration; its grammar is checked by `surveySettingsProblems`, with the parser the survey activity uses. */
export const surveyDuration = { type: ['string', 'null'], minLength: 2, maxLength: 32, description: 'one duration: 2h, 30m, 7d, 0s or ISO-8601 PT2H' } as const;

const fields = {
  sendDelay: { ...surveyDuration, description: 'after the stage completes, before the survey goes out (2h, PT2H)' },
  quietHours: { type: ['string', 'null'], pattern: QUIET_HOURS_PATTERN, description: 'HH:MM-HH:MM in hospital time when nothing is sent (21:00-09:00), or off' },
  reminders: { type: ['string', 'null'], maxLength: 200, pattern: DURATION_LIST_PATTERN, description: 'times after the first send (24h,72h), or none' },
  expiry: { ...surveyDuration, description: 'how long after the first send the link keeps working (7d)' },
  cooldownDays: { type: ['integer', 'null'], minimum: 0, maximum: 365, description: 'days before the same patient is surveyed again (0: no cooldown)' },
} as const;

/** Each field optional; null or absent inherits from the level below. */
export const surveySettingsBody = {
  type: 'object',
  additionalProperties: false,
  description: 'null or absent: inherit (stage template, then hospital, then PX_SURVEY_* configuration)',
  properties: fields,
} as const;

/** Every field, null where the level inherits (viewSurveySettings). */
export const surveySettingsView = answerObject(fields);

export type SurveySettingsPayload = { [K in keyof SurveySettings]?: SurveySettings[K] | null };

const KEYS = ['sendDelay', 'quietHours', 'reminders', 'expiry', 'cooldownDays'] as const;

const SINGLE_DURATION = 'must be one duration such as 2h, 30m, 7d, 0s or PT2H';

/** Milliseconds of each duration a field holds, read by the parser the survey activity uses. */
const durations = (kind: DurationKind, parse: (text: string) => number | number[]) => (text: string) => ({ kind, ms: ([] as number[]).concat(parse(text)) });

/** The parsers the survey workflow and its activities read these fields with, the limit each duration has, and what to say when one refuses. */
const PARSERS: [key: 'sendDelay' | 'quietHours' | 'reminders' | 'expiry', parse: (text: string) => { kind: DurationKind; ms: number[] } | void, message: string][] = [
  ['sendDelay', durations('surveySendDelay', parseSurveyDuration), SINGLE_DURATION],
  ['quietHours', (text) => void parseQuietHours(text), 'must start and end at different times; use off for none'],
  ['reminders', durations('surveyReminder', parseDurationList), 'must be durations such as 24h,72h, or none'],
  ['expiry', durations('surveyExpiry', parseSurveyDuration), SINGLE_DURATION],
];

/** Why a field's text is refused: it does not parse, or a duration in it is over its limit. */
function problemOf(parse: (typeof PARSERS)[number][1], text: string, message: string): string | undefined {
  let read;
  try {
    read = parse(text);
  } catch {
    return message;
  }
  if (!read) return undefined;
  for (const ms of read.ms) {
    const tooLong = durationLimitProblem(read.kind, ms);
    if (tooLong) return tooLong;
  }
  return undefined;
}

/**
 * What the schema cannot say, by the parsers themselves: that a duration is a single one and within
 * its limit, that quiet hours do not start and end together, that no value overflows. `at` prefixes
 * the field names.
 */
export function surveySettingsProblems(settings: SurveySettingsPayload | null | undefined, at = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, parse, message] of PARSERS) {
    const text = settings?.[key];
    const problem = text == null ? undefined : problemOf(parse, text, message);
    if (problem) problems.push({ field: at + key, message: problem });
  }
  return problems;
}

/** What is stored: only the fields set, or null when nothing overrides, so the lower levels show through. */
export function storedSurveySettings(payload: SurveySettingsPayload | null | undefined): SurveySettings | null {
  const set = Object.fromEntries(KEYS.filter((key) => payload?.[key] != null).map((key) => [key, payload![key]]));
  return Object.keys(set).length ? (set as SurveySettings) : null;
}

/** Every field, null where this level inherits. */
export function viewSurveySettings(settings: SurveySettings | null | undefined): Required<SurveySettingsPayload> {
  return {
    sendDelay: settings?.sendDelay ?? null,
    quietHours: settings?.quietHours ?? null,
    reminders: settings?.reminders ?? null,
    expiry: settings?.expiry ?? null,
    cooldownDays: settings?.cooldownDays ?? null,
  };
}
