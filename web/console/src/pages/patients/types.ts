export interface Patient {
  id: string;
  hospitalId: string;
  mrn: string;
  nationalId: string | null;
  fullNameEn: string | null;
  fullNameAr: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: 'ar' | 'en';
  optOutSms: boolean;
  optOutWhatsapp: boolean;
  optOutEmail: boolean;
  preferredChannels: string[] | null;
  deceased: boolean;
  createdAt: string;
}
