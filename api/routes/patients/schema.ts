import { answerObject, hospitalFilterProperties, language, listQuery, recordViewProperties, uuid } from '../schemaParts';

const fields = {
  mrn: { type: 'string', minLength: 1, maxLength: 64 },
  nationalId: { type: ['string', 'null'], maxLength: 32 },
  fullNameEn: { type: ['string', 'null'], maxLength: 200 },
  fullNameAr: { type: ['string', 'null'], maxLength: 200 },
  dateOfBirth: { type: ['string', 'null'], format: 'date' },
  sex: { type: ['string', 'null'], enum: ['male', 'female', 'other', 'unknown', null] },
  phone: { type: ['string', 'null'], pattern: '^\\+?[0-9]{6,15}$', description: 'stored in international form (E.164, +966501234567); a national number (0501234567) takes the deployment\'s country code (PX_PHONE_COUNTRY_CODE)' },
  email: { type: ['string', 'null'], format: 'email', maxLength: 254 },
  preferredLanguage: language,
  optOutSms: { type: 'boolean' },
  optOutWhatsapp: { type: 'boolean' },
  optOutEmail: { type: 'boolean' },
  /** The order surveys try channels in; empty or null: WhatsApp, then SMS, then email. */
  preferredChannels: {
    type: ['array', 'null'],
    items: { type: 'string', enum: ['whatsapp', 'sms', 'email'] },
    uniqueItems: true,
    maxItems: 3,
  },
  deceased: { type: 'boolean' },
} as const;

export const createPatient = {
  type: 'object',
  additionalProperties: false,
  required: ['mrn'],
  properties: { hospitalId: uuid, ...fields },
} as const;

export const updatePatient = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listPatients = listQuery({
  ...hospitalFilterProperties,
  mrn: { type: 'string', maxLength: 64 },
  nationalId: { type: 'string', maxLength: 32 },
  phone: { type: 'string', maxLength: 32, description: 'any form: national (0501234567), 00966…, +966…' },
  q: { type: 'string', minLength: 2, maxLength: 100, description: 'find by MRN, national id, phone (any form) or name (each word, English or Arabic)' },
});

export const patientView = answerObject({ ...recordViewProperties, hospitalId: uuid, ...fields });
