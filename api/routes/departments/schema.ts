import { answerObject, hospitalFilterProperties, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const fields = {
  parentId: nullableUuid,
  code: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' },
  nameEn: { type: 'string', minLength: 1, maxLength: 200 },
  nameAr: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

export const createDepartment = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'nameEn', 'nameAr'],
  properties: { hospitalId: uuid, ...fields },
} as const;

export const updateDepartment = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listDepartments = listQuery({ ...hospitalFilterProperties, parentId: uuid, code: { type: 'string', maxLength: 32 } });

export const departmentView = answerObject({ ...recordViewProperties, hospitalId: uuid, ...fields });
