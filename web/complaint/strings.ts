/**
 * Every word a complainant reads on the public complaint page, in Arabic and English, kept together
 * so a translation is reviewed as a whole. The language switch itself is worded by the survey
 * strings, which the shared page layout reads.
 */
import type { Language } from '../../models/entities/organizations';
import type { ComplaintField, ComplaintFieldError } from './form';

export interface ComplaintStrings {
  title: string;
  intro: string;
  required: string;
  optional: string;
  submit: string;
  labels: Record<ComplaintField, string>;
  hints: Partial<Record<ComplaintField, string>>;
  /** The empty first option of a select. */
  choose: string;
  /** The empty first option of the department select: the patient need not know. */
  departmentUnknown: string;
  errorPrefix: string;
  errorSummaryTitle: string;
  errors: Record<ComplaintFieldError, string>;
  thankYouTitle: string;
  thankYou: (hospitalName: string) => string;
  referenceLabel: string;
  keepReference: string;
  tooManyTitle: string;
  tooMany: (minutes: number) => string;
}

const en: ComplaintStrings = {
  title: 'Submit a complaint',
  intro: 'Tell us what went wrong. The patient experience team reads every complaint and will contact you.',
  required: 'Required',
  optional: 'Optional',
  submit: 'Send complaint',
  labels: {
    hospital: 'Hospital',
    name: 'Your name',
    phone: 'Mobile number',
    email: 'Email',
    department: 'Department',
    category: 'What is your complaint about?',
    description: 'What happened?',
  },
  hints: {
    phone: 'Give a mobile number or an email address so we can reply.',
    department: 'Leave empty if you are not sure.',
    description: 'Include the date, the place and anything that helps us look into it.',
  },
  choose: 'Choose…',
  departmentUnknown: 'Not sure',
  errorPrefix: 'Error',
  errorSummaryTitle: 'Please check the form',
  errors: {
    required: 'Please fill this in.',
    invalid: 'Please choose from the list.',
    phone: 'Please enter a mobile number of 7 to 15 digits, e.g. 0501234567.',
    email: 'Please enter an email address like name@example.com.',
    contact: 'Please give a mobile number or an email address.',
    tooLong: 'Please shorten this.',
  },
  thankYouTitle: 'Thank you, we have received your complaint',
  thankYou: (hospitalName) => `The patient experience team at ${hospitalName} will look into it and contact you.`,
  referenceLabel: 'Your reference number',
  keepReference: 'Please keep this number and quote it if you contact us about this complaint.',
  tooManyTitle: 'Please try again later',
  tooMany: (minutes) => `We have received several complaints from this connection. Please try again in ${minutes} minutes.`,
};

const ar: ComplaintStrings = {
  title: 'تقديم شكوى',
  intro: 'أخبرنا بما حدث. يطّلع فريق تجربة المريض على كل شكوى وسيتواصل معك.',
  required: 'مطلوب',
  optional: 'اختياري',
  submit: 'إرسال الشكوى',
  labels: {
    hospital: 'المستشفى',
    name: 'الاسم',
    phone: 'رقم الجوال',
    email: 'البريد الإلكتروني',
    department: 'القسم',
    category: 'موضوع الشكوى',
    description: 'ماذا حدث؟',
  },
  hints: {
    phone: 'يرجى كتابة رقم الجوال أو البريد الإلكتروني لنتمكن من الرد عليك.',
    department: 'اتركه فارغاً إن لم تكن متأكداً.',
    description: 'اذكر التاريخ والمكان وأي تفاصيل تساعدنا على متابعة الشكوى.',
  },
  choose: 'اختر…',
  departmentUnknown: 'غير متأكد',
  errorPrefix: 'خطأ',
  errorSummaryTitle: 'يرجى مراجعة النموذج',
  errors: {
    required: 'يرجى تعبئة هذا الحقل.',
    invalid: 'يرجى الاختيار من القائمة.',
    phone: 'يرجى كتابة رقم جوال من 7 إلى 15 رقماً، مثل 0501234567.',
    email: 'يرجى كتابة بريد إلكتروني صحيح مثل name@example.com.',
    contact: 'يرجى كتابة رقم الجوال أو البريد الإلكتروني.',
    tooLong: 'يرجى اختصار النص.',
  },
  thankYouTitle: 'شكراً لك، تم استلام شكواك',
  thankYou: (hospitalName) => `سيتابع فريق تجربة المريض في ${hospitalName} شكواك ويتواصل معك.`,
  referenceLabel: 'الرقم المرجعي لشكواك',
  keepReference: 'يرجى الاحتفاظ بهذا الرقم وذكره عند التواصل معنا بخصوص هذه الشكوى.',
  tooManyTitle: 'يرجى المحاولة لاحقاً',
  tooMany: (minutes) => `استلمنا عدة شكاوى من هذا الاتصال. يرجى المحاولة مرة أخرى بعد ${minutes} دقيقة.`,
};

export const COMPLAINT_STRINGS: Record<Language, ComplaintStrings> = { ar, en };
