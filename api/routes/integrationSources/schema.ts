import { answerObject, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

export const CHANNELS = ['mllp', 'fhir', 'rest'] as const;
export const CHARSETS = ['UTF-8', 'ISO-8859-6', 'ISO-8859-1', 'ASCII'] as const;

const code = { type: 'string', pattern: '^[A-Z0-9_-]{2,40}$' } as const;
const type = { type: 'string', enum: CHANNELS } as const;

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  hospitalId: { ...nullableUuid, description: 'null or absent: a group-wide source, feeding every hospital' },
  sendingApplication: { type: ['string', 'null'], minLength: 1, maxLength: 180, description: 'MSH-3 (HD.1) an MLLP source sends as' },
  defaultCharset: { type: 'string', enum: CHARSETS, description: 'charset of messages that do not declare one in MSH-18' },
  active: { type: 'boolean' },
} as const;

export const createSource = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'type'],
  properties: { code, type, ...fields },
} as const;

/** Code and channel type are the source's identity; a different one is a new source. */
export const updateSource = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;

export const listSources = listQuery({ code: { type: 'string', maxLength: 40 }, type, hospitalId: uuid, active: { type: 'boolean' } });

export const sourceView = answerObject({
  ...recordViewProperties,
  code,
  type,
  ...fields,
  apiKeyPrefix: { type: ['string', 'null'], description: 'first characters of the API key, to tell keys apart' },
});

const withKey = { ...sourceView.properties, apiKey: { type: 'string', description: 'shown this once; only its SHA-256 hash is kept' } } as const;

/** A source just registered: with its API key when it is a FHIR or REST source. */
export const sourceWithKeyView = answerObject(withKey, ['apiKey']);

/** A source with the key just issued. */
export const sourceWithNewKeyView = answerObject(withKey);
