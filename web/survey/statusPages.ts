/**
 * The short pages around the survey form: thanks after submitting, a link that can no longer be
 * answered (HTTP 410), an unknown link (404), and unsubscribing from surveys.
 */
import { directionOf, escapeHtml, page } from './layout';
import { STRINGS, type Language } from './strings';

export function renderThankYou(language: Language, hospitalName: string): string {
  const strings = STRINGS[language];
  return message(language, strings.thankYouTitle, [strings.thankYou(hospitalName), strings.closePage]);
}

/** For HTTP 410: the link was real but its survey has expired or has already been answered. */
export function renderGone(language: Language, reason: 'expired' | 'used'): string {
  const { title, text } = STRINGS[language].gone[reason];
  return message(language, title, [text]);
}

/**
 * For HTTP 404. An unknown token tells us nothing about the patient, so the page speaks both
 * languages, Arabic first, each block marked with its own language and direction.
 */
export function renderNotFound(language: Language): string {
  const order: Language[] = ['ar', 'en'];
  const blocks = order.map((blockLanguage) => {
    const strings = STRINGS[blockLanguage];
    return `<section lang="${blockLanguage}" dir="${directionOf(blockLanguage)}">
<h1>${escapeHtml(strings.notFoundTitle)}</h1>
<p>${escapeHtml(strings.notFoundText)}</p>
</section>`;
  });
  const title = order.map((blockLanguage) => STRINGS[blockLanguage].notFoundTitle).join(' | ');
  return page({ language, title, body: blocks.join('\n') });
}

export interface OptOutConfirmOptions {
  language: Language;
  /** Where the confirmation is posted. */
  action: string;
  /** The channel being stopped ("SMS", "WhatsApp"), in the page language; without it, all surveys. */
  channelLabel?: string;
}

/**
 * Asks before unsubscribing: a GET only shows this page, so a link preview or a mail scanner
 * following the link cannot opt a patient out; only the POST does.
 */
export function renderOptOutConfirm({ language, action, channelLabel }: OptOutConfirmOptions): string {
  const strings = STRINGS[language];
  const body = `<h1>${escapeHtml(strings.optOutLink)}</h1>
<p>${escapeHtml(strings.optOutQuestion(channelLabel))}</p>
<p>${escapeHtml(strings.notAffectingCare)}</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit">${escapeHtml(strings.optOutLink)}</button>
</form>`;
  return page({ language, title: strings.optOutLink, body });
}

export function renderOptedOut(language: Language): string {
  const strings = STRINGS[language];
  return message(language, strings.optedOutTitle, [strings.optedOutText]);
}

/** A page with a heading and a few paragraphs. */
function message(language: Language, title: string, paragraphs: string[]): string {
  const body = `<h1>${escapeHtml(title)}</h1>
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}`;
  return page({ language, title, body });
}
