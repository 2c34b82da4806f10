import { EntitySchema } from '@mikro-orm/core';
import { SoftDeletable, softDeleteProperties } from './base';
import type { SurveySettings } from './surveys';

export class Hospital extends SoftDeletable {
  code!: string;
  nameEn!: string;
  nameAr!: string;
  timezone: string = 'Asia/Riyadh';
  /** The hospital's survey timing over the `PX_SURVEY_*` defaults. */
  surveySettings?: SurveySettings | null;
  /** Business calendar for SLA clocks: days off (0 = Sunday … 6 = Saturday) and working hours. */
  weekendDays: number[] = [5, 6];
  workdayStart = '08:00';
  workdayEnd = '17:00';
}

export const HospitalSchema = new EntitySchema<Hospital>({
  class: Hospital,
  tableName: 'hospital',
  properties: {
    ...softDeleteProperties,
    code: { type: 'string', length: 32, unique: true },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
    timezone: { type: 'string', length: 64, default: 'Asia/Riyadh' },
    surveySettings: { type: 'json', nullable: true },
    weekendDays: { type: 'json', default: '[5,6]' },
    workdayStart: { type: 'string', length: 5, default: '08:00' },
    workdayEnd: { type: 'string', length: 5, default: '17:00' },
  },
});

/** A hospital department; departments form a tree through `parentId`. */
export class Department extends SoftDeletable {
  hospitalId!: string;
  parentId?: string | null;
  code!: string;
  nameEn!: string;
  nameAr!: string;
}

export const DepartmentSchema = new EntitySchema<Department>({
  class: Department,
  tableName: 'department',
  uniques: [{ properties: ['hospitalId', 'code'] }],
  properties: {
    ...softDeleteProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    parentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'parent_id', nullable: true, deleteRule: 'restrict' },
    code: { type: 'string', length: 32 },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
  },
});

export class Physician extends SoftDeletable {
  hospitalId!: string;
  departmentId?: string | null;
  licenseNo!: string;
  fullNameEn!: string;
  fullNameAr?: string | null;
  specialty?: string | null;
  /** Their PX360 account, if any: lets them read their own rating. */
  userId?: string | null;
}

export const PhysicianSchema = new EntitySchema<Physician>({
  class: Physician,
  tableName: 'physician',
  uniques: [{ properties: ['hospitalId', 'licenseNo'] }],
  properties: {
    ...softDeleteProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    licenseNo: { type: 'string', length: 64 },
    fullNameEn: { type: 'string', length: 200 },
    fullNameAr: { type: 'string', length: 200, nullable: true },
    specialty: { type: 'string', length: 120, nullable: true },
    userId: { type: 'uuid', nullable: true },
  },
});

export class Employee extends SoftDeletable {
  hospitalId!: string;
  departmentId?: string | null;
  employeeNo!: string;
  fullNameEn!: string;
  fullNameAr?: string | null;
  jobTitle?: string | null;
  userId?: string | null;
}

export const EmployeeSchema = new EntitySchema<Employee>({
  class: Employee,
  tableName: 'employee',
  uniques: [{ properties: ['hospitalId', 'employeeNo'] }],
  properties: {
    ...softDeleteProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    employeeNo: { type: 'string', length: 64 },
    fullNameEn: { type: 'string', length: 200 },
    fullNameAr: { type: 'string', length: 200, nullable: true },
    jobTitle: { type: 'string', length: 120, nullable: true },
    userId: { type: 'uuid', nullable: true },
  },
});

export type Language = 'ar' | 'en';

/** A patient of one hospital: the MRN is unique per hospital; opt-outs are kept per channel. */
export class Patient extends SoftDeletable {
  hospitalId!: string;
  mrn!: string;
  /** The identifier system the MRN was given under (FHIR Identifier.system), when a sender named one. */
  mrnSystem?: string | null;
  nationalId?: string | null;
  fullNameEn?: string | null;
  fullNameAr?: string | null;
  dateOfBirth?: string | null;
  sex?: 'male' | 'female' | 'other' | 'unknown' | null;
  phone?: string | null;
  email?: string | null;
  preferredLanguage: Language = 'ar';
  optOutSms = false;
  optOutWhatsapp = false;
  optOutEmail = false;
  /** Channels in the order the patient wants to be reached; null: WhatsApp, then SMS, then email. */
  preferredChannels?: ('whatsapp' | 'sms' | 'email')[] | null;
  deceased = false;
  /**
   * The structured parts of each name as a FHIR client gave them; they stand for the name only
   * while they still spell the full name of that language (another feed may have renamed the patient).
   */
  nameParts?: PatientNameParts | null;
}

/** Family and given names of a patient's name in one language. */
export interface NameParts {
  use?: string;
  family?: string;
  given?: string[];
}

export type PatientNameParts = Partial<Record<'en' | 'ar', NameParts>>;

export const PatientSchema = new EntitySchema<Patient>({
  class: Patient,
  tableName: 'patient',
  uniques: [{ properties: ['hospitalId', 'mrn'] }],
  indexes: [{ properties: ['nationalId'] }],
  properties: {
    ...softDeleteProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    mrn: { type: 'string', length: 64 },
    mrnSystem: { type: 'string', length: 500, fieldName: 'mrn_system', nullable: true },
    nationalId: { type: 'string', length: 32, nullable: true },
    fullNameEn: { type: 'string', length: 200, nullable: true },
    fullNameAr: { type: 'string', length: 200, nullable: true },
    dateOfBirth: { type: 'date', nullable: true },
    sex: { type: 'string', length: 16, nullable: true },
    phone: { type: 'string', length: 32, nullable: true },
    email: { type: 'string', length: 254, nullable: true },
    preferredLanguage: { type: 'string', length: 2, default: 'ar' },
    optOutSms: { type: 'boolean', default: false },
    optOutWhatsapp: { type: 'boolean', default: false },
    optOutEmail: { type: 'boolean', default: false },
    preferredChannels: { type: 'json', nullable: true },
    deceased: { type: 'boolean', default: false },
    nameParts: { type: 'json', fieldName: 'name_parts', nullable: true },
  },
});
