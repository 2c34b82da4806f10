/**
 * Screening of patient comments before a physician sees them. Finds what identifies a person or
 * offends — phone numbers, Saudi national ids and iqamas, medical record numbers, e-mail
 * addresses, names, Arabic and English profanity — and hides only those spans, leaving the rest
 * of the comment readable. A comment with anything hidden is `flagged`: it waits for a PX
 * coordinator's approval before it is shown.
 *
 * Matching runs on a normalised copy (Arabic-Indic digits as ASCII, tatweel and diacritics
 * dropped, alef/yeh/teh-marbuta forms unified, lower case), so "٠٥٥١٢٣٤٥٦٧" and "كـلـب" are
 * caught; spans are mapped back to the original text. Pure: no database, no I/O.
 */

export type ScreeningKind = 'phone' | 'national_id' | 'mrn' | 'email' | 'name' | 'profanity';

export interface ScreenedSpan {
  /** UTF-16 offsets in the original comment, end exclusive. */
  start: number;
  end: number;
  kind: ScreeningKind;
}

export interface ScreenedComment {
  /** The comment with each flagged span replaced by MASK. */
  text: string;
  flagged: boolean;
  spans: ScreenedSpan[];
}

export interface ScreeningOptions {
  /** Names that must not appear (the patient, the staff of the hospital), full or in parts. */
  names?: string[];
}

export const MASK = '•••';

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/;

/** A normalised copy of the text and, for each of its characters, where it came from. */
function normalise(text: string): { norm: string; origin: number[] } {
  let norm = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let ch = text[i];
    if (DIACRITICS.test(ch)) continue;
    const code = ch.charCodeAt(0);
    if (code >= 0x0660 && code <= 0x0669) ch = String(code - 0x0660);
    else if (code >= 0x06f0 && code <= 0x06f9) ch = String(code - 0x06f0);
    else if ('أإآٱ'.includes(ch)) ch = 'ا';
    else if (ch === 'ى') ch = 'ي';
    else if (ch === 'ة') ch = 'ه';
    else ch = ch.toLowerCase();
    // toLowerCase keeps one code unit for the scripts concerned; guard anyway.
    for (const unit of ch) {
      norm += unit;
      origin.push(i);
    }
  }
  return { norm, origin };
}

const WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const WORD_AFTER = '(?![\\p{L}\\p{N}_])';
const ARABIC_PREFIX = '(?:[وفب]?(?:ال)?|يا ?)?';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ENGLISH_PROFANITY = [
  'fuck', 'fucks', 'fucked', 'fucker', 'fuckers', 'fucking', 'motherfucker', 'wtf', 'stfu',
  'shit', 'shits', 'shitty', 'bullshit', 'bitch', 'bitches', 'bastard', 'bastards', 'asshole', 'assholes',
  'dick', 'dickhead', 'prick', 'cunt', 'slut', 'whore', 'damn', 'goddamn', 'crap', 'piss', 'pissed',
];
/** Written normalised (see normalise): ه for ة, ا for أ/إ/آ. */
const ARABIC_PROFANITY = [
  'كلب', 'كلاب', 'كلبه', 'حمار', 'حمير', 'حماره', 'حقير', 'حقيره', 'حقيرين', 'واطي', 'زباله', 'تافه', 'تافهه',
  'غبي', 'غبيه', 'اغبياء', 'لعنه', 'ملعون', 'ملعونه', 'يلعن', 'تفو', 'خرا', 'خرى', 'زق', 'قذر', 'قذره',
  'منيوك', 'منيوكه', 'شرموط', 'شرموطه', 'قحبه', 'عاهره', 'ابن الكلب', 'بنت الكلب', 'ابن الحرام', 'حيوان', 'حيوانه', 'وسخ', 'وسخه',
];

const PROFANITY = new RegExp(
  `${WORD_BEFORE}(?:(?:${ENGLISH_PROFANITY.map(escape).join('|')})|${ARABIC_PREFIX}(?:${ARABIC_PROFANITY.map(escape).join('|')}))${WORD_AFTER}`,
  'gu',
);

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** A labelled record number: "MRN: A12345", "file no 445566", "رقم الملف ٤٤٥٥٦٦". */
const MRN_LABELLED = new RegExp(
  `(?:${WORD_BEFORE}(?:mrn|mr ?no\\.?|medical record(?: number| no\\.?)?|file (?:no\\.?|number)|record (?:no\\.?|number))|رقم (?:ال)?ملف(?:ي)?|ملف رقم|(?:ال)?رقم الطبي|رقم السجل(?: الطبي)?)\\s*[:#]?\\s*([a-z]{0,3}-?\\d[\\da-z-]{2,})`,
  'gu',
);

/** A run of digits, possibly with single spaces, dashes or dots between them, optionally after + or 00. */
const DIGIT_RUN = /(?<![\d])(?:\+|00)?\d(?:[ .-]?\d){5,15}(?![\d])/g;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

/** Titles a staff name follows: the name after them is hidden, the title kept. */
const TITLED_NAME = new RegExp(
  `${WORD_BEFORE}(?:(?:dr|doctor|nurse|mr|mrs|ms|miss|sister)\\.? +|(?:د\\. ?|دكتور |دكتوره |الدكتور |الدكتوره |الممرض |الممرضه |ممرض |ممرضه |الاستاذ |الاستاذه |استاذ |استاذه |السيد |السيده |الاخ |الاخت |الاخصائي |الاخصائيه ))`,
  'gu',
);

function classifyDigits(raw: string): ScreeningKind | null {
  if (DATE_LIKE.test(raw)) return null;
  const international = raw.startsWith('+') || raw.startsWith('00');
  const digits = raw.replace(/\D/g, '');
  if (!international && digits.length === 10 && /^[12]/.test(digits)) return 'national_id';
  if (international || /^(?:966|05|5\d{8}$|01\d{7,8}$|800|920)/.test(digits)) return digits.length >= 7 ? 'phone' : null;
  // Digits in groups without a phone's prefix are years, counts, times ("2025 2026"), not a person.
  if (digits.length !== raw.length) return null;
  if (digits.length >= 7) return 'phone';
  if (digits.length >= 6) return 'mrn';
  return null;
}

/** The word (or two) right after position `at` in the original text: a name in the script it is written in. */
function nameAfter(original: string, at: number): { start: number; end: number } | null {
  const rest = original.slice(at);
  const english = /^([A-Z][\p{L}'-]+)(?: ([A-Z][\p{L}'-]+))?/u.exec(rest);
  if (english) return { start: at, end: at + english[0].length };
  // A given name, and the family name after it when it is one ("العتيبي").
  const arabic = /^[\u0621-\u064A\u0640\u064B-\u065F]{2,}(?: (?:ال|آل )[\u0621-\u064A\u0640\u064B-\u065F]{2,})?/u.exec(rest);
  if (arabic) return { start: at, end: at + arabic[0].length };
  return null;
}

/** Finds what must be hidden in a comment and hides only that. */
export function screenComment(comment: string, options: ScreeningOptions = {}): ScreenedComment {
  const { norm, origin } = normalise(comment);
  const spans: ScreenedSpan[] = [];
  const add = (start: number, end: number, kind: ScreeningKind) => {
    if (end <= start) return;
    spans.push({ start: origin[start], end: origin[end - 1] + 1, kind });
  };

  for (const m of norm.matchAll(EMAIL)) add(m.index!, m.index! + m[0].length, 'email');
  for (const m of norm.matchAll(MRN_LABELLED)) {
    const value = m[1];
    const start = m.index! + m[0].length - value.length;
    add(start, start + value.length, 'mrn');
  }
  for (const m of norm.matchAll(DIGIT_RUN)) {
    const kind = classifyDigits(m[0]);
    if (kind) add(m.index!, m.index! + m[0].length, kind);
  }
  for (const m of norm.matchAll(PROFANITY)) add(m.index!, m.index! + m[0].length, 'profanity');

  for (const full of options.names ?? []) {
    const parts = normalise(full.trim()).norm.split(/\s+/).filter((p) => p.length >= 3);
    if (!parts.length) continue;
    const alternatives = [parts.map(escape).join('\\s+'), ...parts.map(escape)];
    const pattern = new RegExp(`${WORD_BEFORE}(?:${alternatives.join('|')})${WORD_AFTER}`, 'gu');
    for (const m of norm.matchAll(pattern)) add(m.index!, m.index! + m[0].length, 'name');
  }
  for (const m of norm.matchAll(TITLED_NAME)) {
    const after = origin[m.index! + m[0].length - 1] + 1;
    const name = nameAfter(comment, after);
    if (name) spans.push({ ...name, kind: 'name' });
  }

  // Overlaps merge into one hidden span (the earlier kind names it).
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: ScreenedSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  let text = '';
  let cursor = 0;
  for (const span of merged) {
    text += comment.slice(cursor, span.start) + MASK;
    cursor = span.end;
  }
  text += comment.slice(cursor);
  return { text, flagged: merged.length > 0, spans: merged };
}
