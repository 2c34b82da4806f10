import { answerObject, listQuery, recordViewProperties } from '../schemaParts';

const fields = {
  code: { type: 'string', minLength: 2, maxLength: 32, pattern: '^[A-Z0-9_-]+$', description: 'matched against MSH-4 of inbound HL7' },
  nameEn: { type: 'string', minLength: 1, maxLength: 200 },
  nameAr: { type: 'string', minLength: 1, maxLength: 200 },
  timezone: { type: 'string', format: 'iana-timezone', default: 'Asia/Riyadh' },
} as const;

export const createHospital = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'nameEn', 'nameAr'],
  properties: fields,
} as const;

export const updateHospital = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { nameEn: fields.nameEn, nameAr: fields.nameAr, timezone: { type: 'string', format: 'iana-timezone' } },
} as const;

export const listHospitals = listQuery({ code: { type: 'string', maxLength: 32 } });

export const hospitalView = answerObject({ ...recordViewProperties, ...fields });
