/**
 * Survey timing a hospital or a stage template may set over the `PX_SURVEY_*` defaults: one schema
 * and one check for both, so a value either level accepts is one the survey workflow can run on.
 */
import { parseSurveyDuration } from '../../activities/surveys/settings';
import type { SurveySettings } from '../../models/entities';
import { DURATION_LIST_PATTERN, parseDurationList, parseQuietHours, QUIET_HOURS_PATTERN } from '../../workflows/surveyTiming';
import type { FieldProblem } from '../errors';

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

export const surveySettingsView = { type: 'object', properties: fields } as const;

export type SurveySettingsPayload = { [K in keyof SurveySettings]?: SurveySettings[K] | null };

const KEYS = ['sendDelay', 'quietHours', 'reminders', 'expiry', 'cooldownDays'] as const;

const SINGLE_DURATION = 'must be one duration such as 2h, 30m, 7d, 0s or PT2H';

/** The parsers the survey workflow and its activities read these fields with, and what to say when one refuses. */
const PARSERS: [key: 'sendDelay' | 'quietHours' | 'reminders' | 'expiry', parse: (text: string) => unknown, message: string][] = [
  ['sendDelay', parseSurveyDuration, SINGLE_DURATION],
  ['quietHours', parseQuietHours, 'must start and end at different times; use off for none'],
  ['reminders', parseDurationList, 'must be durations such as 24h,72h, or none'],
  ['expiry', parseSurveyDuration, SINGLE_DURATION],
];

function parses(parse: (text: string) => unknown, text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A stage's own `sendDelay` column takes the same single duration. */
export const isSurveyDuration = (text: string) => parses(parseSurveyDuration, text);

/**
 * What the schema cannot say, by the parsers themselves: that a duration is a single one, that quiet
 * hours do not start and end together, that no value overflows. `at` prefixes the field names.
 */
export function surveySettingsProblems(settings: SurveySettingsPayload | null | undefined, at = ''): FieldProblem[] {
  return PARSERS.filter(([key, parse]) => settings?.[key] != null && !parses(parse, settings[key]!)).map(([key, , message]) => ({ field: at + key, message }));
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
