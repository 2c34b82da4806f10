import type { Config } from '../../config';
import type { SurveySettings } from '../../models/entities';
import { parseDurationList, parseSurveyDuration } from '../../models/rules/duration';
import { withinLimit } from '../../models/rules/durationLimits';

/** The timing one survey follows, once stage template, hospital and configuration are layered. */
export interface SurveyTiming {
  sendDelayMs: number;
  quietHours: string;
  remindersMs: number[];
  expiryMs: number;
  cooldownDays: number;
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
    // Settings stored before durations were bounded still run, at the longest value allowed.
    sendDelayMs: withinLimit('surveySendDelay', parseSurveyDuration(pick('sendDelay'))),
    quietHours: pick('quietHours'),
    remindersMs: [...new Set(parseDurationList(pick('reminders')).map((ms) => withinLimit('surveyReminder', ms)))],
    expiryMs: withinLimit('surveyExpiry', parseSurveyDuration(pick('expiry'))),
    cooldownDays: pick('cooldownDays'),
  };
}
