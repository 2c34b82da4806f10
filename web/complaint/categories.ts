/**
 * What a patient can complain about on the public page, in their words. Deliberately short: a
 * patient picks the nearest one and the PX team re-categorises when triaging; the code is what the
 * complaint stores, so a relabelled category keeps its history.
 */
export const COMPLAINT_CATEGORIES = [
  { code: 'waiting_time', en: 'Waiting time', ar: 'مدة الانتظار' },
  { code: 'staff_attitude', en: 'Staff attitude', ar: 'تعامل الموظفين' },
  { code: 'communication', en: 'Communication and information', ar: 'التواصل والمعلومات' },
  { code: 'clinical_care', en: 'Medical care', ar: 'الرعاية الطبية' },
  { code: 'billing', en: 'Billing and insurance', ar: 'الفواتير والتأمين' },
  { code: 'cleanliness', en: 'Cleanliness', ar: 'النظافة' },
  { code: 'appointments', en: 'Appointments', ar: 'المواعيد' },
  { code: 'other', en: 'Something else', ar: 'أخرى' },
] as const;

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['code'];

export function isComplaintCategory(code: string): code is ComplaintCategory {
  return COMPLAINT_CATEGORIES.some((category) => category.code === code);
}
