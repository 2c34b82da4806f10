/** Journey templates as the API shows and takes them. */
export const EVENT_CODES = [
  'ED_ARRIVAL', 'OPD_CHECK_IN', 'ADMIT', 'TRANSFER', 'DISCHARGE', 'LAB_RESULTED', 'RADIOLOGY_RESULTED', 'PHARMACY_DISPENSED',
  'APPOINTMENT_BOOKED', 'APPOINTMENT_CANCELLED', 'APPOINTMENT_NO_SHOW', 'CANCEL_ADMIT', 'CANCEL_VISIT', 'CANCEL_DISCHARGE',
  'MERGE', 'DEMOGRAPHICS_UPDATE', 'REGISTRATION',
] as const;

export interface Stage {
  code: string;
  nameEn: string;
  nameAr: string;
  triggerEvents: string[];
  required: boolean;
  terminal: boolean;
  surveyTemplateCode: string | null;
  sendDelay: string | null;
}

export interface Journey {
  id: string;
  hospitalId: string;
  code: string;
  version: number;
  nameEn: string;
  nameAr: string;
  patientClasses: string[];
  startEvents: string[];
  inactivityTimeout: string;
  active: boolean;
  createdAt: string;
  stages?: Stage[];
}

/** The longest survey send delay the API takes (models/rules/durationLimits.ts surveySendDelay: 30 days). */
export const MAX_SEND_DELAY_MINUTES = 30 * 24 * 60;

export type DelayUnit = 'minute' | 'hour' | 'day';
const UNIT_MINUTES: Record<DelayUnit, number> = { minute: 1, hour: 60, day: 24 * 60 };

export function delayToIso(amount: number, unit: DelayUnit): string | null {
  if (!(amount > 0)) return null;
  return unit === 'day' ? `P${amount}D` : unit === 'hour' ? `PT${amount}H` : `PT${amount}M`;
}

export function isoToDelay(iso: string | null): { amount: number; unit: DelayUnit } {
  const match = iso ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso) : null;
  if (!match) return { amount: 0, unit: 'hour' };
  const minutes = Number(match[1] ?? 0) * UNIT_MINUTES.day + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  if (minutes % UNIT_MINUTES.day === 0 && minutes > 0) return { amount: minutes / UNIT_MINUTES.day, unit: 'day' };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hour' };
  return { amount: minutes, unit: 'minute' };
}

export const maxAmount = (unit: DelayUnit) => Math.floor(MAX_SEND_DELAY_MINUTES / UNIT_MINUTES[unit]);

export const blankStage = (n: number): Stage => ({ code: `STAGE_${n}`, nameEn: '', nameAr: '', triggerEvents: [], required: true, terminal: false, surveyTemplateCode: null, sendDelay: null });
