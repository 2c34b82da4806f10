import { EVENT_CODES } from '../../../adapters/hl7/mapping';
import { answerObject, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const messageType = { type: 'string', pattern: '^[A-Z0-9]{2,8}$', description: 'MSH-9.1, e.g. ADT' } as const;
const triggerEvent = { type: 'string', pattern: '^([A-Z0-9]{2,8}|\\*)$', description: 'MSH-9.2, e.g. A04; * matches any trigger' } as const;
const eventCode = { type: 'string', enum: EVENT_CODES } as const;

const fields = {
  messageType,
  triggerEvent,
  patientClass: { type: ['string', 'null'], minLength: 1, maxLength: 8, description: 'PV1-2 condition; null matches any class' },
  serviceSection: { type: ['string', 'null'], minLength: 1, maxLength: 16, description: 'OBR-24 condition; null matches any section' },
  eventCode,
  priority: { type: 'integer', minimum: -10000, maximum: 10000, description: 'higher wins among equally specific rules' },
  sourceId: { ...nullableUuid, description: 'only messages from this integration source; null for every source' },
  active: { type: 'boolean' },
} as const;

export const createMapping = {
  type: 'object',
  additionalProperties: false,
  required: ['messageType', 'triggerEvent', 'eventCode'],
  properties: { ...fields, priority: { ...fields.priority, default: 0 } },
} as const;

export const updateMapping = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listMappings = listQuery({ messageType: { type: 'string', maxLength: 8 }, triggerEvent: { type: 'string', maxLength: 8 }, eventCode, sourceId: uuid });

export const mappingView = answerObject({ ...recordViewProperties, ...fields });
