/**
 * Every word a patient reads on the survey pages, in Arabic and English. Kept in one place so a
 * translation can be reviewed as a whole and no page shows a phrase in only one language.
 * The five-point scale labels come from the shared scale definitions, so a page and the FHIR
 * Questionnaire export never name the same answer differently.
 */
import type { Language } from '../../models/entities/organizations';
import { LIKERT_LABELS, RATING_LABELS } from '../../models/seed/surveyScales';

export type { Language };

export interface SurveyStrings {
  /** The language's own name, shown on the switch link that leads to it. */
  languageName: string;
  submit: string;
  required: string;
  optional: string;
  chooseAll: string;
  /** Announced before an error (in the page title and inline) so it is not conveyed by colour alone. */
  errorPrefix: string;
  errorSummaryTitle: string;
  errors: {
    required: string;
    /** A value that is not one of the offered answers (a tampered or stale form). */
    invalidChoice: string;
    invalidText: string;
  };
  yes: string;
  no: string;
  npsLow: string;
  npsHigh: string;
  /** Rating points 1..5, very poor to excellent; the ends caption the scale, every word is announced with its number. */
  rating: string[];
  /** Likert points 1..5, strongly disagree to strongly agree. */
  likert: string[];
  thankYouTitle: string;
  thankYou: (hospitalName: string) => string;
  closePage: string;
  gone: Record<'expired' | 'used', { title: string; text: string }>;
  notFoundTitle: string;
  notFoundText: string;
  optOutLink: string;
  optOutQuestion: (channelLabel?: string) => string;
  /** How the opt-out question names the channel the link came by. */
  channelNames: Record<'sms' | 'whatsapp' | 'email', string>;
  notAffectingCare: string;
  optedOutTitle: string;
  optedOutText: string;
}

const en: SurveyStrings = {
  languageName: 'English',
  submit: 'Submit',
  required: 'Required',
  optional: 'Optional',
  chooseAll: 'Choose all that apply.',
  errorPrefix: 'Error',
  errorSummaryTitle: 'Please check your answers',
  errors: {
    required: 'Please answer this question.',
    invalidChoice: 'Please choose from the answers shown.',
    invalidText: 'Please shorten your answer to 2,000 characters or fewer.',
  },
  yes: 'Yes',
  no: 'No',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  rating: RATING_LABELS.map((label) => label.en),
  likert: LIKERT_LABELS.map((label) => label.en),
  thankYouTitle: 'Thank you',
  thankYou: (hospitalName) => `We have received your answers. They help ${hospitalName} improve care for every patient.`,
  closePage: 'You can now close this page.',
  gone: {
    expired: { title: 'This survey has closed', text: 'This survey is no longer open for answers. Thank you for your time.' },
    used: { title: 'Survey already completed', text: 'You have already answered this survey. Thank you for your feedback.' },
  },
  notFoundTitle: 'Survey link not found',
  notFoundText: 'Please check that you opened the complete link from your message.',
  optOutLink: 'Stop receiving surveys',
  channelNames: { sms: 'text message', whatsapp: 'WhatsApp', email: 'email' },
  optOutQuestion: (channelLabel) =>
    channelLabel ? `Do you want to stop receiving our surveys by ${channelLabel}?` : 'Do you want to stop receiving our surveys?',
  notAffectingCare: 'This will not affect your care.',
  optedOutTitle: 'You will not receive more surveys',
  optedOutText: 'We have recorded your choice. This will not affect your care.',
};

const ar: SurveyStrings = {
  languageName: 'العربية',
  submit: 'إرسال',
  required: 'مطلوب',
  optional: 'اختياري',
  chooseAll: 'اختر كل ما ينطبق.',
  errorPrefix: 'خطأ',
  errorSummaryTitle: 'يرجى مراجعة إجاباتك',
  errors: {
    required: 'يرجى الإجابة عن هذا السؤال.',
    invalidChoice: 'يرجى الاختيار من بين الإجابات المعروضة.',
    invalidText: 'يرجى اختصار إجابتك إلى 2000 حرف أو أقل.',
  },
  yes: 'نعم',
  no: 'لا',
  npsLow: 'غير محتمل إطلاقاً',
  npsHigh: 'محتمل جداً',
  rating: RATING_LABELS.map((label) => label.ar),
  likert: LIKERT_LABELS.map((label) => label.ar),
  thankYouTitle: 'شكراً لك',
  thankYou: (hospitalName) => `تم استلام إجاباتك، وهي تساعد ${hospitalName} على تحسين الرعاية المقدَّمة لجميع المرضى.`,
  closePage: 'يمكنك الآن إغلاق هذه الصفحة.',
  gone: {
    expired: { title: 'انتهت مدة هذا الاستبيان', text: 'لم يعد هذا الاستبيان متاحاً للإجابة. شكراً لوقتك.' },
    used: { title: 'تمت الإجابة عن هذا الاستبيان', text: 'لقد أجبت عن هذا الاستبيان من قبل. شكراً لك على ملاحظاتك.' },
  },
  notFoundTitle: 'تعذّر العثور على رابط الاستبيان',
  notFoundText: 'يرجى التأكد من فتح الرابط كاملاً كما ورد في رسالتك.',
  optOutLink: 'إيقاف استلام الاستبيانات',
  channelNames: { sms: 'الرسائل النصية', whatsapp: 'واتساب', email: 'البريد الإلكتروني' },
  optOutQuestion: (channelLabel) =>
    channelLabel ? `هل تريد التوقف عن استلام استبياناتنا عبر ${channelLabel}؟` : 'هل تريد التوقف عن استلام استبياناتنا؟',
  notAffectingCare: 'لن يؤثر ذلك على الرعاية التي تتلقاها.',
  optedOutTitle: 'لن تصلك استبيانات أخرى',
  optedOutText: 'تم تسجيل طلبك، ولن يؤثر ذلك على الرعاية التي تتلقاها.',
};

export const STRINGS: Record<Language, SurveyStrings> = { ar, en };

/** The language a page's switch link offers. */
export function otherLanguage(language: Language): Language {
  return language === 'ar' ? 'en' : 'ar';
}
