/**
 * The document every patient page shares. Patients arrive from a text message on a phone, often
 * on a slow connection: one small self-contained response (inline CSS, no fonts, images or
 * scripts) that works with JavaScript disabled.
 */
import { STRINGS, otherLanguage, type Language } from './strings';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Makes text safe inside element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

export function directionOf(language: Language): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/**
 * Logical properties and `text-align: start` only, so dir="rtl" mirrors the whole layout (scales
 * included) without a second stylesheet. Colours meet WCAG AA: body text #1a1a1a and the blue
 * #0b4f8a on white, white on #0b4f8a, the error red #a4161a on white, and control borders #5c5c5c
 * at well over the 3:1 asked of non-text contrast. Scale chips and links standing alone are at
 * least 44px tall. The full-width floated legend is direction-neutral: it only pulls the legend
 * inside the fieldset's box, so an error's inline-start bar runs alongside the question too.
 */
const CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Tahoma,"Noto Sans Arabic","Noto Sans",sans-serif;color:#1a1a1a;background:#fff}
header{display:flex;justify-content:flex-end;padding:.5rem 1rem;border-block-end:1px solid #d6d6d6}
header a,footer a{display:inline-block;padding-block:.75rem}
main{max-width:40rem;margin-inline:auto;padding:1rem 1rem 2rem}
a{color:#0b4f8a;text-underline-offset:.15em}
a:focus-visible,button:focus-visible,textarea:focus-visible,.list input:focus-visible,.chips input:focus-visible+label{outline:3px solid #1a1a1a;outline-offset:2px}
h1{font-size:1.5rem;line-height:1.3;margin-block:0 1.5rem}
h2{font-size:1.125rem;margin-block:0 .5rem}
.brand{margin-block:0 .25rem;color:#4d4d4d}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
fieldset,.q{border:0;margin:0 0 2rem;padding:0;min-width:0}
legend,.q>label{display:block;padding:0;margin-block-end:.75rem;font-weight:600;font-size:1.125rem}
legend{float:left;width:100%}
legend+*{clear:both}
.tag{font-weight:400;font-size:.875rem;color:#4d4d4d;margin-inline-start:.5rem;white-space:nowrap}
.hint{margin-block:-.5rem .75rem;color:#4d4d4d}
.invalid{border-inline-start:4px solid #a4161a;padding-inline-start:.75rem}
.err{margin-block:0 .75rem;color:#a4161a;font-weight:600}
.summary{border:3px solid #a4161a;padding:1rem;margin-block-end:2rem}
.summary ul{margin:0;padding-inline-start:1.25rem}
.summary a{color:#a4161a;font-weight:600}
.summary li+li{margin-block-start:.5rem}
.chips{display:grid;gap:.5rem;grid-template-columns:repeat(5,minmax(2.75rem,1fr))}
.chips.two{grid-template-columns:repeat(2,minmax(2.75rem,1fr))}
.chips.eleven{grid-template-columns:repeat(6,minmax(2.75rem,1fr))}
.chips.words{grid-template-columns:1fr}
@media (min-width:36rem){.chips.eleven{grid-template-columns:repeat(11,minmax(2.75rem,1fr))}.chips.words{grid-template-columns:repeat(5,minmax(0,1fr))}}
.opt{position:relative}
.chips label{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.125rem;height:100%;min-height:3rem;padding:.375rem;border:2px solid #5c5c5c;border-radius:.5rem;background:#fff;font-weight:600;text-align:center;cursor:pointer}
.chips.words label{flex-direction:row;justify-content:flex-start;gap:.75rem;text-align:start}
@media (min-width:36rem){.chips.words label{flex-direction:column;justify-content:center;gap:.125rem;text-align:center}}
.chips label small{font-weight:400;font-size:.875rem}
.chips input:checked+label{background:#0b4f8a;border-color:#0b4f8a;color:#fff}
@media (forced-colors:active){.chips input:checked+label{border-width:4px;border-style:double}}
.caps{display:flex;justify-content:space-between;gap:1rem;margin-block-start:.5rem;font-size:.875rem;color:#4d4d4d}
.caps span:last-child{text-align:end}
.list .opt{display:flex;align-items:center;gap:.75rem;border-block-end:1px solid #d6d6d6}
.list input{flex:none;width:1.375rem;height:1.375rem;margin:0;accent-color:#0b4f8a}
.list label{flex:1;padding-block:.75rem;cursor:pointer}
textarea{display:block;width:100%;min-height:8rem;padding:.625rem;font:inherit;color:inherit;border:2px solid #5c5c5c;border-radius:.5rem;resize:vertical}
button{min-height:3rem;width:100%;padding:.75rem 2rem;font:inherit;font-weight:600;color:#fff;background:#0b4f8a;border:0;border-radius:.5rem;cursor:pointer}
@media (min-width:36rem){button{width:auto}}
footer{margin-block-start:2.5rem;padding-block-start:1rem;border-block-start:1px solid #d6d6d6;font-size:.9375rem}
[lang=ar] + [lang=en]{margin-block-start:2rem;padding-block-start:1.5rem;border-block-start:1px solid #d6d6d6}`;

export interface PageOptions {
  language: Language;
  /** Plain text; escaped here. */
  title: string;
  /** Markup built by the page renderers, every value in it already escaped. */
  body: string;
  /** The same page in the other language; without it there is no switch. */
  switchHref?: string;
}

/**
 * A complete HTML document around `body`. Survey addresses carry a personal token, so search
 * engines are asked not to index the page and no Referer header takes the address elsewhere.
 */
export function page({ language, title, body, switchHref }: PageOptions): string {
  return `<!doctype html>
<html lang="${language}" dir="${directionOf(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${switchHref === undefined ? '' : languageSwitch(language, switchHref)}<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * A plain link (not a form control) so it works without JavaScript; its text is in the language
 * it leads to, marked as such so a screen reader pronounces it correctly.
 */
function languageSwitch(language: Language, href: string): string {
  const target = otherLanguage(language);
  return `<header><a href="${escapeHtml(href)}" hreflang="${target}" lang="${target}" dir="${directionOf(target)}">${escapeHtml(STRINGS[target].languageName)}</a></header>
`;
}
