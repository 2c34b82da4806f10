import type { NotificationChannel } from '../entities';

/**
 * Group-wide wording of patient messages (a hospital may add its own rows). Placeholders:
 * `{hospital}`, `{survey}`, `{link}`. SMS and WhatsApp stay short: one segment of Arabic is 70
 * characters, so the link carries the rest.
 */
export interface NotificationTemplateSeed {
  code: string;
  channel: NotificationChannel;
  language: 'ar' | 'en';
  subject?: string;
  body: string;
}

const text = (code: string, ar: string, en: string): NotificationTemplateSeed[] =>
  (['sms', 'whatsapp'] as const).flatMap((channel) => [
    { code, channel, language: 'ar' as const, body: ar },
    { code, channel, language: 'en' as const, body: en },
  ]);

const email = (code: string, ar: { subject: string; body: string }, en: { subject: string; body: string }): NotificationTemplateSeed[] => [
  { code, channel: 'email', language: 'ar', ...ar },
  { code, channel: 'email', language: 'en', ...en },
];

/** Staff emails about complaints and actions: `{reference}`, `{title}`, `{due}`, `{level}`, `{link}`. */
const staff = (code: string, ar: { subject: string; body: string }, en: { subject: string; body: string }) => email(code, ar, en);

export const DEFAULT_NOTIFICATION_TEMPLATES: NotificationTemplateSeed[] = [
  ...text('survey_invite', '{hospital}: شكراً لزيارتكم. شاركونا رأيكم: {link}', '{hospital}: thank you for your visit. Tell us how it went: {link}'),
  ...text('survey_reminder', '{hospital}: تذكير لطيف، رأيكم يهمنا: {link}', '{hospital}: a gentle reminder, your opinion matters to us: {link}'),
  ...text(
    'survey_nps_invite',
    '{hospital}: من 0 إلى 10، ما مدى احتمال أن توصي بنا؟ أرسل الرقم ردّاً، أو أجب هنا: {link} — لإيقاف الرسائل أرسل إيقاف',
    '{hospital}: from 0 to 10, how likely are you to recommend us? Reply with the number, or answer here: {link} Reply STOP to opt out',
  ),
  ...text(
    'survey_nps_reminder',
    '{hospital}: تذكير: من 0 إلى 10، ما مدى احتمال أن توصي بنا؟ أرسل الرقم ردّاً: {link}',
    '{hospital}: reminder: from 0 to 10, how likely are you to recommend us? Reply with the number: {link}',
  ),
  ...text('survey_reply_thanks', 'شكراً لكم، تم تسجيل تقييمكم.', 'Thank you, your rating has been recorded.'),
  ...text('survey_reply_invalid', 'عذراً، أرسل رقماً من 0 إلى 10.', 'Sorry, please reply with a number from 0 to 10.'),
  ...text('opt_out_done', 'تم إيقاف رسائل الاستبيانات. لن نرسل لكم المزيد.', 'You will not receive any more survey messages.'),
  ...email(
    'survey_invite',
    { subject: '{hospital}: كيف كانت زيارتكم؟', body: 'شكراً لاختياركم {hospital}.\n\nنرجو أن تخبرونا عن تجربتكم ({survey}). لن يستغرق ذلك أكثر من دقيقتين:\n{link}' },
    { subject: '{hospital}: how was your visit?', body: 'Thank you for choosing {hospital}.\n\nPlease tell us about your experience ({survey}). It takes two minutes:\n{link}' },
  ),
  ...email(
    'survey_reminder',
    { subject: '{hospital}: تذكير بالاستبيان', body: 'لم يصلنا رأيكم بعد عن {survey}. رأيكم يساعدنا على تحسين خدماتنا:\n{link}' },
    { subject: '{hospital}: a reminder about your survey', body: 'We have not heard from you yet about {survey}. Your answers help us improve:\n{link}' },
  ),
  ...staff(
    'case_assigned',
    { subject: '{reference}: أسند إليك', body: 'أسند إليك {title} ({reference}).\nموعد الإنجاز: {due}\n{link}' },
    { subject: '{reference}: assigned to you', body: '{title} ({reference}) has been assigned to you.\nDue: {due}\n{link}' },
  ),
  ...staff(
    'case_reminder',
    { subject: '{reference}: تذكير بالموعد', body: 'تذكير: {title} ({reference}) لم يكتمل بعد.\nالموعد النهائي: {due}\n{link}' },
    { subject: '{reference}: reminder', body: 'Reminder: {title} ({reference}) is still open.\nDeadline: {due}\n{link}' },
  ),
  ...staff(
    'case_escalated',
    { subject: '{reference}: تصعيد (المستوى {level})', body: 'تم تصعيد {title} ({reference}) إليك بعد تجاوز المهلة المحددة (المستوى {level}).\nالموعد النهائي: {due}\n{link}' },
    { subject: '{reference}: escalated (level {level})', body: '{title} ({reference}) has been escalated to you after missing its deadline (level {level}).\nDeadline: {due}\n{link}' },
  ),
  ...staff(
    'case_submitted',
    { subject: '{reference}: بانتظار الاعتماد', body: 'قُدّم إنجاز {title} ({reference}) مع الأدلة وهو بانتظار اعتمادك.\n{link}' },
    { subject: '{reference}: waiting for approval', body: '{title} ({reference}) has been submitted with evidence and waits for your approval.\n{link}' },
  ),
];
