/** The journeys every hospital starts with; stage survey codes name the seeded survey templates. */
export interface JourneySeed {
  code: string;
  nameEn: string;
  nameAr: string;
  patientClasses: string[];
  startEvents: string[];
  inactivityTimeout: string;
  stages: { code: string; nameEn: string; nameAr: string; triggerEvents: string[]; required: boolean; terminal?: boolean; surveyTemplateCode?: string }[];
}

export const DEFAULT_JOURNEYS: JourneySeed[] = [
  {
    code: 'OPD',
    nameEn: 'Outpatient visit',
    nameAr: 'زيارة العيادات الخارجية',
    patientClasses: ['O'],
    startEvents: ['OPD_CHECK_IN', 'APPOINTMENT_BOOKED'],
    inactivityTimeout: 'P2D',
    stages: [
      { code: 'APPOINTMENT', nameEn: 'Appointment booked', nameAr: 'حجز الموعد', triggerEvents: ['APPOINTMENT_BOOKED'], required: false },
      { code: 'CHECK_IN', nameEn: 'Registration and check-in', nameAr: 'التسجيل والحضور', triggerEvents: ['OPD_CHECK_IN', 'REGISTRATION'], required: true },
      { code: 'LAB', nameEn: 'Laboratory', nameAr: 'المختبر', triggerEvents: ['LAB_RESULTED'], required: false },
      { code: 'RADIOLOGY', nameEn: 'Radiology', nameAr: 'الأشعة', triggerEvents: ['RADIOLOGY_RESULTED'], required: false },
      { code: 'PHARMACY', nameEn: 'Pharmacy', nameAr: 'الصيدلية', triggerEvents: ['PHARMACY_DISPENSED'], required: false },
      { code: 'VISIT_END', nameEn: 'Visit completed', nameAr: 'انتهاء الزيارة', triggerEvents: ['DISCHARGE'], required: true, terminal: true, surveyTemplateCode: 'OPD_VISIT' },
    ],
  },
  {
    code: 'INPATIENT',
    nameEn: 'Inpatient stay',
    nameAr: 'الإقامة في المستشفى',
    patientClasses: ['I'],
    startEvents: ['ADMIT'],
    inactivityTimeout: 'P60D',
    stages: [
      { code: 'ADMISSION', nameEn: 'Admission', nameAr: 'الدخول', triggerEvents: ['ADMIT', 'REGISTRATION'], required: true },
      { code: 'TRANSFER', nameEn: 'Transfer', nameAr: 'النقل', triggerEvents: ['TRANSFER'], required: false },
      { code: 'LAB', nameEn: 'Laboratory', nameAr: 'المختبر', triggerEvents: ['LAB_RESULTED'], required: false },
      { code: 'RADIOLOGY', nameEn: 'Radiology', nameAr: 'الأشعة', triggerEvents: ['RADIOLOGY_RESULTED'], required: false },
      { code: 'PHARMACY', nameEn: 'Pharmacy', nameAr: 'الصيدلية', triggerEvents: ['PHARMACY_DISPENSED'], required: false },
      { code: 'DISCHARGE', nameEn: 'Discharge', nameAr: 'الخروج', triggerEvents: ['DISCHARGE'], required: true, terminal: true, surveyTemplateCode: 'INPATIENT_STAY' },
    ],
  },
  {
    code: 'EMS',
    nameEn: 'Emergency visit',
    nameAr: 'زيارة الطوارئ',
    patientClasses: ['E'],
    startEvents: ['ED_ARRIVAL'],
    inactivityTimeout: 'P3D',
    stages: [
      { code: 'ED_ARRIVAL', nameEn: 'Arrival and triage', nameAr: 'الوصول والفرز', triggerEvents: ['ED_ARRIVAL', 'REGISTRATION'], required: true },
      { code: 'LAB', nameEn: 'Laboratory', nameAr: 'المختبر', triggerEvents: ['LAB_RESULTED'], required: false },
      { code: 'RADIOLOGY', nameEn: 'Radiology', nameAr: 'الأشعة', triggerEvents: ['RADIOLOGY_RESULTED'], required: false },
      { code: 'ED_DISCHARGE', nameEn: 'Left the emergency department', nameAr: 'الخروج من الطوارئ', triggerEvents: ['DISCHARGE', 'ADMIT'], required: true, terminal: true, surveyTemplateCode: 'EMERGENCY_DEPARTMENT' },
    ],
  },
];
