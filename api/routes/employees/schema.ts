import { answerObject, hospitalFilterProperties, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const fields = {
  departmentId: nullableUuid,
  employeeNo: { type: 'string', minLength: 1, maxLength: 64, description: "the hospital's staff number, unique in the hospital" },
  fullNameEn: { type: 'string', minLength: 1, maxLength: 200 },
  fullNameAr: { type: ['string', 'null'], maxLength: 200 },
  jobTitle: { type: ['string', 'null'], maxLength: 120 },
  userId: { ...nullableUuid, description: 'the PX360 account of this employee, if they have one (a user of the same hospital)' },
} as const;

export const createEmployee = {
  type: 'object',
  additionalProperties: false,
  required: ['employeeNo', 'fullNameEn'],
  properties: { hospitalId: uuid, ...fields },
} as const;

export const updateEmployee = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listEmployees = listQuery({
  ...hospitalFilterProperties,
  departmentId: uuid,
  employeeNo: { type: 'string', maxLength: 64 },
  userId: uuid,
});

export const employeeView = answerObject({ ...recordViewProperties, hospitalId: uuid, ...fields });
