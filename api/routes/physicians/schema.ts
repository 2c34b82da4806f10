import { answerObject, hospitalFilterProperties, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const fields = {
  departmentId: nullableUuid,
  licenseNo: { type: 'string', minLength: 1, maxLength: 64 },
  fullNameEn: { type: 'string', minLength: 1, maxLength: 200 },
  fullNameAr: { type: ['string', 'null'], maxLength: 200 },
  specialty: { type: ['string', 'null'], maxLength: 120 },
  userId: { ...nullableUuid, description: "the physician's PX360 account (a user of the same hospital), so they can read their own rating" },
} as const;

export const createPhysician = {
  type: 'object',
  additionalProperties: false,
  required: ['licenseNo', 'fullNameEn'],
  properties: { hospitalId: uuid, ...fields },
} as const;

export const updatePhysician = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listPhysicians = listQuery({ ...hospitalFilterProperties, departmentId: uuid, licenseNo: { type: 'string', maxLength: 64 }, specialty: { type: 'string', maxLength: 120 } });

export const physicianView = answerObject({ ...recordViewProperties, hospitalId: uuid, ...fields });
