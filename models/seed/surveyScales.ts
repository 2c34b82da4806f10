/** Labels of the fixed answer scales, shown on survey pages and in exported Questionnaires. */
export const RATING_LABELS: { en: string; ar: string }[] = [
  { en: 'Very poor', ar: 'سيئ جداً' },
  { en: 'Poor', ar: 'سيئ' },
  { en: 'Fair', ar: 'مقبول' },
  { en: 'Good', ar: 'جيد' },
  { en: 'Excellent', ar: 'ممتاز' },
];

export const LIKERT_LABELS: { en: string; ar: string }[] = [
  { en: 'Strongly disagree', ar: 'أعارض بشدة' },
  { en: 'Disagree', ar: 'أعارض' },
  { en: 'Neither agree nor disagree', ar: 'محايد' },
  { en: 'Agree', ar: 'أوافق' },
  { en: 'Strongly agree', ar: 'أوافق بشدة' },
];
