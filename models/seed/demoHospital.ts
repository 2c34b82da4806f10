/** The demo hospital every fresh install starts with: code DEMO, matched against MSH-4 of demo HL7 traffic. */
export const DEMO_HOSPITAL = {
  code: 'DEMO',
  nameEn: 'PX360 Demo General Hospital',
  nameAr: 'مستشفى بي إكس 360 العام التجريبي',
  timezone: 'Asia/Riyadh',
  // So that `npm run demo` shows surveys going out at once, at any hour; real hospitals keep the defaults.
  surveySettings: { sendDelay: '0s', quietHours: 'off' },
};

/** A small department tree: parents before children. */
export const DEMO_DEPARTMENTS: { code: string; parent?: string; nameEn: string; nameAr: string }[] = [
  { code: 'MED', nameEn: 'Medical Services', nameAr: 'الخدمات الطبية' },
  { code: 'ED', parent: 'MED', nameEn: 'Emergency Department', nameAr: 'قسم الطوارئ' },
  { code: 'IM', parent: 'MED', nameEn: 'Internal Medicine', nameAr: 'الباطنية' },
  { code: 'CARD', parent: 'IM', nameEn: 'Cardiology', nameAr: 'أمراض القلب' },
  { code: 'SURG', parent: 'MED', nameEn: 'Surgery', nameAr: 'الجراحة' },
  { code: 'PED', parent: 'MED', nameEn: 'Paediatrics', nameAr: 'طب الأطفال' },
  { code: 'OPD', nameEn: 'Outpatient Clinics', nameAr: 'العيادات الخارجية' },
  { code: 'ANC', nameEn: 'Ancillary Services', nameAr: 'الخدمات المساندة' },
  { code: 'LAB', parent: 'ANC', nameEn: 'Laboratory', nameAr: 'المختبر' },
  { code: 'RAD', parent: 'ANC', nameEn: 'Radiology', nameAr: 'الأشعة' },
  { code: 'PHARM', parent: 'ANC', nameEn: 'Pharmacy', nameAr: 'الصيدلية' },
];

export const DEMO_PHYSICIANS: { licenseNo: string; fullNameEn: string; fullNameAr: string; specialty: string; department: string }[] = [
  { licenseNo: 'SCFHS-10001', fullNameEn: 'Dr. Khalid Al-Harbi', fullNameAr: 'د. خالد الحربي', specialty: 'Emergency Medicine', department: 'ED' },
  { licenseNo: 'SCFHS-10002', fullNameEn: 'Dr. Noura Al-Qahtani', fullNameAr: 'د. نورة القحطاني', specialty: 'Internal Medicine', department: 'IM' },
  { licenseNo: 'SCFHS-10003', fullNameEn: 'Dr. Faisal Al-Otaibi', fullNameAr: 'د. فيصل العتيبي', specialty: 'Cardiology', department: 'CARD' },
  { licenseNo: 'SCFHS-10004', fullNameEn: 'Dr. Reem Al-Shehri', fullNameAr: 'د. ريم الشهري', specialty: 'General Surgery', department: 'SURG' },
  { licenseNo: 'SCFHS-10005', fullNameEn: 'Dr. Abdullah Al-Dosari', fullNameAr: 'د. عبدالله الدوسري', specialty: 'Paediatrics', department: 'PED' },
  { licenseNo: 'SCFHS-10006', fullNameEn: 'Dr. Sara Al-Ghamdi', fullNameAr: 'د. سارة الغامدي', specialty: 'Family Medicine', department: 'OPD' },
];
