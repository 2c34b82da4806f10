import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigError, type Config } from '../../config';
import { Hospital } from '../../models/entities';
import { ValidationError } from '../errors';

/**
 * The password rule for every account, wherever a password is set (an administrator creating or
 * changing a user, a user changing their own, the bootstrap admin's PX_ADMIN_PASSWORD): at least
 * 12 characters, and zxcvbn's estimate must reach "safely unguessable" (score 3 of 4, about 10^10
 * guesses) against common passwords, English words and names, keyboard patterns, and what the
 * person and their hospital are known by.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MIN_SCORE = 3;

/**
 * Only the first 64 characters are estimated: the estimate's cost grows steeply with length
 * (a 200-character run of l33t symbols takes a second), and no 64-character prefix of a weak
 * password is strong. With fewer l33t substitutions tried, the worst case stays under 0.1 s.
 */
const ESTIMATED_LENGTH = 64;

/** Words anyone guessing a Saudi hospital's staff passwords tries first, transliterated. */
const LOCAL_WORDS = [
  'px360', 'patient', 'experience', 'hospital', 'mustashfa', 'clinic', 'nurse', 'doctor', 'admin', 'welcome',
  'saudi', 'arabia', 'ksa', 'riyadh', 'jeddah', 'makkah', 'mecca', 'madinah', 'medina', 'dammam', 'khobar', 'taif', 'tabuk', 'abha', 'qassim',
  'allah', 'bismillah', 'inshallah', 'mashallah', 'alhamdulillah', 'subhanallah', 'salam', 'habibi', 'ramadan', 'eid', 'vision2030',
  'muhammad', 'mohammed', 'mohamed', 'ahmed', 'abdullah', 'abdulaziz', 'abdulrahman', 'khalid', 'fahad', 'faisal', 'sultan', 'saud', 'nora', 'fatima', 'aisha',
  'مستشفى', 'كلمةالمرور', 'السعودية', 'الرياض', 'محمد', 'الله',
];

let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () =>
  (estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    l33tMaxSubstitutions: 8,
  }));

/** Who the password belongs to: each value, and each word of it, counts as easy to guess. */
export interface PasswordContext {
  email?: string | null;
  fullName?: string | null;
  hospitalCode?: string | null;
  hospitalNames?: (string | null | undefined)[];
}

function personalValues(context: PasswordContext): string[] {
  return [context.email, context.fullName, context.hospitalCode, ...(context.hospitalNames ?? [])].filter((v): v is string => !!v).map((v) => v.toLowerCase());
}

/** The words of the person's email, name and hospital (three letters or more). */
function personalWords(context: PasswordContext): string[] {
  return [...new Set(personalValues(context).flatMap((v) => v.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3))];
}

function userInputs(context: PasswordContext): string[] {
  return [...new Set([...personalValues(context), ...personalWords(context), ...LOCAL_WORDS])];
}

/**
 * Whether the letters of the password are only the person's own words, however joined and
 * decorated (`Fahad@Otaibi1`, `otaibi.fahad 2024`): the first thing anyone who knows them tries.
 */
function madeOfPersonalWords(password: string, context: PasswordContext): boolean {
  let letters = password.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (!letters) return false;
  const words = personalWords(context).map((w) => w.replace(/[^\p{L}]/gu, '')).filter((w) => w.length >= 3).sort((a, b) => b.length - a.length);
  for (const word of words) letters = letters.split(word).join('');
  return letters.length < 4;
}

function describe(result: ZxcvbnResult): string {
  const { warning, suggestions } = result.feedback;
  return ['is too easy to guess.', warning, ...suggestions].filter(Boolean).join(' ');
}

/** Why `password` may not be used, in words for the person choosing it; undefined when it may. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (madeOfPersonalWords(password, context)) return 'is too easy to guess: it is made of your own name, email or hospital.';
  const result = zxcvbn().check(password.slice(0, ESTIMATED_LENGTH), userInputs(context));
  return result.score < PASSWORD_MIN_SCORE ? describe(result) : undefined;
}

/** Throws 400 naming `field` when the password breaks the rule. */
export function checkPassword(password: string, context: PasswordContext, field = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) throw ValidationError([{ field, message: problem }]);
}

/** Checks a password for an account, with the account's email, name and hospital as the context. */
export async function checkAccountPassword(
  em: EntityManager,
  password: string,
  account: { email?: string | null; fullName?: string | null; hospitalId?: string | null },
  field = 'password',
): Promise<void> {
  const hospital = account.hospitalId ? await em.findOne(Hospital, { id: account.hospitalId }) : null;
  checkPassword(password, { email: account.email, fullName: account.fullName, hospitalCode: hospital?.code, hospitalNames: [hospital?.nameEn, hospital?.nameAr] }, field);
}

/**
 * PX_ADMIN_PASSWORD meets the same rule as every account's password (with the admin's email as
 * context); `npm start` refuses to start otherwise, naming the variable. A generated one always does.
 */
export function checkBootstrapAdminPassword(config: Pick<Config, 'admin'>): void {
  if (!config.admin.password) return;
  const problem = passwordProblem(config.admin.password, { email: config.admin.email, fullName: 'PX Administrator' });
  if (problem) throw new ConfigError([{ variable: 'PX_ADMIN_PASSWORD', message: problem }]);
}
