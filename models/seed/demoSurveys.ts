import type { ChoiceOption, QuestionType, ScoringMethod } from '../rules/scoring';

/** The surveys every hospital starts with, in Arabic and English; journeys' stages name them by code. */
export interface SurveySeed {
  code: string;
  nameEn: string;
  nameAr: string;
  scoringMethod: ScoringMethod;
  negativeThreshold: number;
  questions: { code: string; type: QuestionType; textEn: string; textAr: string; required?: boolean; critical?: boolean; weight?: number; options?: ChoiceOption[] }[];
}

const recommend = {
  code: 'recommend',
  type: 'nps' as const,
  textEn: 'How likely are you to recommend us to your family and friends?',
  textAr: 'ما مدى احتمال أن توصي بنا لعائلتك وأصدقائك؟',
};
const comments = {
  code: 'comments',
  type: 'free_text' as const,
  textEn: 'Is there anything we could have done better?',
  textAr: 'هل هناك ما كان بإمكاننا فعله بشكل أفضل؟',
  required: false,
};
const waiting = (where: string, whereAr: string) => ({
  code: 'waiting_time',
  type: 'rating' as const,
  textEn: `How satisfied were you with the waiting time ${where}?`,
  textAr: `ما مدى رضاك عن وقت الانتظار ${whereAr}؟`,
});

export const DEFAULT_SURVEYS: SurveySeed[] = [
  {
    code: 'OPD_VISIT',
    nameEn: 'Outpatient visit',
    nameAr: 'زيارة العيادات الخارجية',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      recommend,
      waiting('in the clinic', 'في العيادة'),
      { code: 'doctor_explanation', type: 'rating', textEn: 'How well did the doctor explain your condition and treatment?', textAr: 'ما مدى وضوح شرح الطبيب لحالتك وعلاجك؟', critical: true },
      { code: 'respect', type: 'likert', textEn: 'Staff treated me with courtesy and respect.', textAr: 'عاملني الموظفون بلطف واحترام.', critical: true },
      { code: 'privacy', type: 'yes_no', textEn: 'Was your privacy respected during the examination?', textAr: 'هل تم احترام خصوصيتك أثناء الفحص؟', critical: true },
      comments,
    ],
  },
  {
    code: 'INPATIENT_STAY',
    nameEn: 'Inpatient stay',
    nameAr: 'الإقامة في المستشفى',
    scoringMethod: 'weighted',
    negativeThreshold: 65,
    questions: [
      { code: 'nursing_care', type: 'rating', textEn: 'How would you rate the care from our nurses?', textAr: 'كيف تقيّم رعاية طاقم التمريض؟', critical: true, weight: 2 },
      { code: 'doctor_care', type: 'rating', textEn: 'How would you rate the care from your doctors?', textAr: 'كيف تقيّم رعاية الأطباء لك؟', weight: 2 },
      { code: 'pain_control', type: 'likert', textEn: 'My pain was well controlled.', textAr: 'تمت السيطرة على ألمي بشكل جيد.', critical: true, weight: 2 },
      { code: 'cleanliness', type: 'rating', textEn: 'How clean were your room and bathroom?', textAr: 'ما مدى نظافة غرفتك ودورة المياه؟' },
      { code: 'meals', type: 'rating', textEn: 'How would you rate the meals?', textAr: 'كيف تقيّم الوجبات المقدمة؟' },
      { code: 'discharge_instructions', type: 'yes_no', textEn: 'Did you receive clear instructions for your care at home?', textAr: 'هل حصلت على تعليمات واضحة للعناية بنفسك في المنزل؟' },
      recommend,
      comments,
    ],
  },
  {
    code: 'EMERGENCY_DEPARTMENT',
    nameEn: 'Emergency department',
    nameAr: 'قسم الطوارئ',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      { code: 'triage_speed', type: 'rating', textEn: 'How quickly did a nurse see you after you arrived?', textAr: 'ما مدى سرعة رؤيتك من قبل الممرض بعد وصولك؟' },
      waiting('until you saw a doctor', 'حتى رؤية الطبيب'),
      { code: 'kept_informed', type: 'likert', textEn: 'I was kept informed about delays and next steps.', textAr: 'تم إبلاغي بالتأخير والخطوات التالية.' },
      {
        code: 'felt_safe',
        type: 'single_choice',
        textEn: 'Did you feel safe in our care?',
        textAr: 'هل شعرت بالأمان أثناء رعايتنا لك؟',
        critical: true,
        options: [
          { code: 'yes', labelEn: 'Yes, completely', labelAr: 'نعم، تماماً', score: 100 },
          { code: 'somewhat', labelEn: 'Somewhat', labelAr: 'إلى حد ما', score: 50 },
          { code: 'no', labelEn: 'No', labelAr: 'لا', score: 0 },
        ],
      },
      recommend,
      comments,
    ],
  },
  {
    code: 'PHARMACY',
    nameEn: 'Pharmacy',
    nameAr: 'الصيدلية',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      waiting('at the pharmacy', 'في الصيدلية'),
      { code: 'medicines_explained', type: 'yes_no', textEn: 'Did the pharmacist explain how to take your medicines?', textAr: 'هل شرح لك الصيدلي طريقة استخدام أدويتك؟', critical: true },
      { code: 'medicines_available', type: 'yes_no', textEn: 'Were all your prescribed medicines available?', textAr: 'هل كانت جميع الأدوية الموصوفة لك متوفرة؟' },
      comments,
    ],
  },
  {
    code: 'LABORATORY',
    nameEn: 'Laboratory',
    nameAr: 'المختبر',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      waiting('at the laboratory', 'في المختبر'),
      { code: 'sample_care', type: 'likert', textEn: 'The sample was taken gently and professionally.', textAr: 'تم أخذ العينة بلطف ومهنية.' },
      { code: 'hygiene', type: 'yes_no', textEn: 'Did the staff clean their hands and use new equipment?', textAr: 'هل قام الموظف بتعقيم يديه واستخدام أدوات جديدة؟', critical: true },
      comments,
    ],
  },
  {
    code: 'RADIOLOGY',
    nameEn: 'Radiology',
    nameAr: 'الأشعة',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      waiting('for your scan', 'لإجراء الأشعة'),
      { code: 'procedure_explained', type: 'yes_no', textEn: 'Was the procedure explained to you beforehand?', textAr: 'هل تم شرح الإجراء لك مسبقاً؟' },
      { code: 'dignity', type: 'likert', textEn: 'My privacy and dignity were respected.', textAr: 'تم احترام خصوصيتي وكرامتي.', critical: true },
      comments,
    ],
  },
  {
    // One question, so a text message can carry it and a bare "9" in reply answers it.
    code: 'QUICK_NPS',
    nameEn: 'Quick recommendation',
    nameAr: 'تقييم سريع',
    scoringMethod: 'nps',
    negativeThreshold: 60,
    questions: [recommend],
  },
  {
    code: 'COMPLAINT_RESOLUTION',
    nameEn: 'Complaint resolution',
    nameAr: 'حل الشكوى',
    scoringMethod: 'average',
    negativeThreshold: 60,
    questions: [
      {
        code: 'resolved',
        type: 'single_choice',
        textEn: 'Was your complaint resolved?',
        textAr: 'هل تم حل شكواك؟',
        critical: true,
        options: [
          { code: 'fully', labelEn: 'Fully', labelAr: 'بالكامل', score: 100 },
          { code: 'partly', labelEn: 'Partly', labelAr: 'جزئياً', score: 50 },
          { code: 'not_resolved', labelEn: 'Not resolved', labelAr: 'لم يتم حلها', score: 0 },
        ],
      },
      { code: 'communication', type: 'rating', textEn: 'How satisfied are you with how we kept you informed?', textAr: 'ما مدى رضاك عن تواصلنا معك بشأن شكواك؟' },
      { code: 'timeliness', type: 'rating', textEn: 'How satisfied are you with the time it took?', textAr: 'ما مدى رضاك عن المدة التي استغرقها الحل؟' },
      {
        code: 'improvements',
        type: 'multiple_choice',
        textEn: 'What would have made it better?',
        textAr: 'ما الذي كان سيجعل تجربتك أفضل؟',
        required: false,
        options: [
          { code: 'faster', labelEn: 'A faster response', labelAr: 'رد أسرع' },
          { code: 'phone_call', labelEn: 'A phone call from the team', labelAr: 'اتصال هاتفي من الفريق' },
          { code: 'apology', labelEn: 'An apology', labelAr: 'الاعتذار' },
          { code: 'follow_up', labelEn: 'A follow-up afterwards', labelAr: 'المتابعة بعد الحل' },
        ],
      },
      comments,
    ],
  },
];
