import type { Config } from '../../config';
import type { SurveySettings } from '../../models/entities';
import { parseDurationList } from '../../workflows/surveyTiming';

/** The timing one survey follows, once stage template, hospital and configuration are layered. */
export interface SurveyTiming {
  sendDelayMs: number;
  quietHours: string;
  remindersMs: number[];
  expiryMs: number;
  cooldownDays: number;
}

/** One duration, written as `2h` or as ISO-8601 `PT2H`. */
export function parseSurveyDuration(text: string): number {
  const [ms, ...more] = parseDurationList(text);
  if (ms === undefined || more.length > 0) throw new Error(`not a single duration: "${text}"`);
  return ms;
}

/**
 * The most specific setting wins: the stage template's own, then the hospital's, then the
 * `PX_SURVEY_*` defaults. A stage's `sendDelay` column is its send delay.
 */
export function surveyTiming(
  defaults: Config['surveys'],
  hospital: SurveySettings | null | undefined,
  stage: (SurveySettings & { sendDelay?: string | null }) | null | undefined,
): SurveyTiming {
  const pick = <K extends keyof SurveySettings>(key: K): NonNullable<SurveySettings[K]> =>
    (stage?.[key] ?? hospital?.[key] ?? defaults[key]) as NonNullable<SurveySettings[K]>;
  return {
    sendDelayMs: parseSurveyDuration(pick('sendDelay')),
    quietHours: pick('quietHours'),
    remindersMs: parseDurationList(pick('reminders')),
    expiryMs: parseSurveyDuration(pick('expiry')),
    cooldownDays: pick('cooldownDays'),
  };
}
