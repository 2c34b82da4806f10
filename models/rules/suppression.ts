/**
 * Who is not surveyed, and why (DESIGN §7). Pure rules over facts the survey activities gather, so
 * each rule is tested on its own and the reason recorded is the first one that applies.
 */
import { isDialable } from './phone';

export type SurveyChannel = 'sms' | 'whatsapp' | 'email';

export type SuppressionReason =
  | 'opted_out'
  | 'no_contact'
  | 'deceased'
  | 'minor'
  | 'cooldown'
  | 'already_surveyed'
  | 'open_complaint'
  | 'no_patient'
  | 'no_template';

/** WhatsApp, then SMS, then email, unless the patient asked for another order. */
export const DEFAULT_CHANNEL_ORDER: SurveyChannel[] = ['whatsapp', 'sms', 'email'];

export interface PatientFacts {
  phone?: string | null;
  email?: string | null;
  dateOfBirth?: string | null;
  deceased: boolean;
  optOutSms: boolean;
  optOutWhatsapp: boolean;
  optOutEmail: boolean;
  preferredChannels?: SurveyChannel[] | null;
}

export interface SuppressionFacts {
  /** Null when the encounter names no patient the hub knows. */
  patient: PatientFacts | null;
  now: Date;
  minAge: number;
  /** When the patient last received another survey, if ever. */
  lastSurveyedAt: Date | null;
  cooldownDays: number;
  /** Another survey of this encounter already went out (or is on its way). */
  encounterAlreadySurveyed: boolean;
  multiplePerEncounter: boolean;
  openComplaint: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function hasContact(patient: PatientFacts, channel: SurveyChannel): boolean {
  return channel === 'email' ? EMAIL.test(patient.email ?? '') : isDialable(patient.phone);
}

function optedOut(patient: PatientFacts, channel: SurveyChannel): boolean {
  return { sms: patient.optOutSms, whatsapp: patient.optOutWhatsapp, email: patient.optOutEmail }[channel];
}

/** The channels a survey may use, in the patient's order: a usable address and no opt-out. */
export function reachableChannels(patient: PatientFacts): SurveyChannel[] {
  const order = patient.preferredChannels?.length ? patient.preferredChannels : DEFAULT_CHANNEL_ORDER;
  return [...new Set(order)].filter((channel) => hasContact(patient, channel) && !optedOut(patient, channel));
}

/** Whole years between a `YYYY-MM-DD` birth date and `now` (UTC calendar). */
export function ageOn(dateOfBirth: string, now: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let age = now.getUTCFullYear() - year;
  if (now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day)) age -= 1;
  return age;
}

/** The reason this survey must not go out, or null when it may. */
export function suppressionReason(facts: SuppressionFacts): SuppressionReason | null {
  const { patient } = facts;
  if (!patient) return 'no_patient';
  if (patient.deceased) return 'deceased';
  if (patient.dateOfBirth && ageOn(patient.dateOfBirth, facts.now) < facts.minAge) return 'minor';
  if (reachableChannels(patient).length === 0) {
    // A patient we could reach but who said no is told apart from one we have no address for.
    const order = patient.preferredChannels?.length ? patient.preferredChannels : DEFAULT_CHANNEL_ORDER;
    return order.some((channel) => hasContact(patient, channel)) ? 'opted_out' : 'no_contact';
  }
  if (facts.encounterAlreadySurveyed && !facts.multiplePerEncounter) return 'already_surveyed';
  if (facts.openComplaint) return 'open_complaint';
  if (facts.lastSurveyedAt && facts.cooldownDays > 0 && facts.now.getTime() - facts.lastSurveyedAt.getTime() < facts.cooldownDays * 86_400_000) {
    return 'cooldown';
  }
  return null;
}
