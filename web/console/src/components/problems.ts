/**
 * The API's reasons for refusing a body are English sentences (`{field, message}`); the console
 * knows the common ones by what they say and shows them in the reader's language. A message it does
 * not know is shown as the API wrote it.
 */
import type { TFunction } from 'i18next';
import { formatNumber } from '../dates';
import { currentLanguage } from '../i18n';

/** Pattern → catalogue key; a pattern's first capture group is passed as `{{value}}`. */
const KNOWN: [RegExp, string][] = [
  [/must not be before baselineFrom/, 'qi.problems.baselineOrder'],
  [/must be PX actions of the same hospital/, 'qi.problems.sameHospitalActions'],
  [/is required for a department-bound caller/, 'qi.problems.departmentRequired'],
  [/must have exactly one terminal stage \(found (\d+)\)/, 'problems.oneTerminal'],
  [/stage codes must be unique \(repeated: (.*)\)/, 'problems.uniqueStageCodes'],
  [/differs from stages\.\d+\.sendDelay/, 'problems.delayTwice'],
  [/must be shorter than resolveWithin/, 'adminEdit.problems.shorterThanResolve'],
  [/ISO-8601 duration/, 'adminEdit.problems.isoDuration'],
  [/at most|longer than|too long|P365D/i, 'adminEdit.problems.tooLong'],
  [/must be after workdayStart/, 'adminEdit.problems.afterStart'],
  [/its own ancestor/, 'adminEdit.problems.cycle'],
  [/department of the same hospital/, 'adminEdit.problems.sameHospital'],
  [/is not a role/, 'adminEdit.problems.notRole'],
  [/only a PX admin account may be group-wide/, 'adminEdit.problems.groupWideRole'],
  [/one duration such as|durations such as/, 'adminEdit.problems.surveyDuration'],
  [/must match pattern/, 'adminEdit.problems.pattern'],
  [/is required|must have required property/, 'adminEdit.problems.required'],
  [/built-in role keeps its level/, 'adminEdit.problems.builtInLevel'],
  [/is already a holiday|group-wide holiday/, 'adminEdit.problems.holidayExists'],
  [/already has an SLA policy/, 'adminEdit.problems.slaExists'],
  [/a record with the same .* already exists/, 'adminEdit.problems.duplicate'],
  [/must be a user of the same hospital/, 'adminEdit.problems.sameHospitalUser'],
  [/may not grant|may not change this user/, 'adminEdit.problems.grant'],
];

export function translateProblem(t: TFunction, message: string): string {
  for (const [pattern, key] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return t(key, { value: match[1] ?? '' });
  }
  return message;
}

/** A field path as staff read it: `stages.2.sendDelay` is the third stage's send delay. */
export function fieldLabel(t: TFunction, field: string): string {
  const stage = /^stages\.(\d+)\.?(.*)$/.exec(field);
  if (stage) return [t('problems.stage', { n: formatNumber(Number(stage[1]) + 1, currentLanguage()) }), stage[2] && t(`problems.fields.${stage[2]}`, { defaultValue: stage[2] })].filter(Boolean).join(' · ');
  return t(`problems.fields.${field}`, { defaultValue: field });
}
