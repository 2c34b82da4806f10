import { ApiError } from '../../errors';
import { validate } from '../../validation';
import { FhirError, fhirPath, invalid } from './outcome';

/*
 * Shapes of the elements we read, checked before any mapping so a wrong type is a 400 naming the
 * element rather than a crash later. Elements we do not read pass unchecked: FHIR resources carry
 * many more, and a client must not be refused for sending a complete resource.
 */
const text = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength });
const coding = { type: 'object', properties: { system: text(500), code: text(64), display: text() } };
const codeableConcept = { type: 'object', properties: { coding: { type: 'array', items: coding }, text: text() } };
const identifier = { type: 'object', properties: { system: text(500), value: text(64), type: codeableConcept } };
const reference = { type: 'object', properties: { reference: text(500), identifier, display: text() } };
const meta = { type: 'object', properties: { versionId: text(64), lastUpdated: text(40) } };
const dateTime = { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?$' };

const patientSchema = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Patient' },
    id: text(64),
    meta,
    identifier: { type: 'array', items: identifier },
    name: {
      type: 'array',
      items: { type: 'object', properties: { text: text(), family: text(100), given: { type: 'array', items: text(100) } } },
    },
    telecom: { type: 'array', items: { type: 'object', properties: { system: text(16), value: text(254), use: text(16) } } },
    gender: { type: 'string', enum: ['male', 'female', 'other', 'unknown'] },
    birthDate: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
    deceasedBoolean: { type: 'boolean' },
    deceasedDateTime: dateTime,
    communication: { type: 'array', items: { type: 'object', properties: { language: codeableConcept, preferred: { type: 'boolean' } } } },
    managingOrganization: reference,
  },
};

const encounterSchema = {
  type: 'object',
  required: ['resourceType', 'status', 'class'],
  properties: {
    resourceType: { const: 'Encounter' },
    id: text(64),
    meta,
    identifier: { type: 'array', items: identifier },
    status: { type: 'string', enum: ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'] },
    class: coding,
    serviceType: codeableConcept,
    subject: reference,
    participant: { type: 'array', items: { type: 'object', properties: { type: { type: 'array', items: codeableConcept }, individual: reference } } },
    period: { type: 'object', properties: { start: dateTime, end: dateTime } },
    location: { type: 'array', items: { type: 'object', properties: { location: reference } } },
    serviceProvider: reference,
  },
};

const answer = { type: 'object', properties: { valueInteger: { type: 'integer' }, valueBoolean: { type: 'boolean' }, valueString: { type: 'string' }, valueCoding: coding } };

/**
 * Items nest in groups. The depth is bounded, deeper items refused, because a recursive schema
 * would let one body nest thousands deep and overflow the stack; our Questionnaires are flat.
 */
const responseItem = (depth: number): object => ({
  type: 'object',
  required: ['linkId'],
  properties: {
    linkId: text(),
    answer: { type: 'array', items: answer },
    item: depth > 1 ? { type: 'array', items: responseItem(depth - 1) } : { type: 'array', maxItems: 0 },
  },
});

const questionnaireResponseSchema = {
  type: 'object',
  required: ['resourceType', 'identifier', 'questionnaire', 'status'],
  properties: {
    resourceType: { const: 'QuestionnaireResponse' },
    id: text(64),
    meta,
    identifier: { ...identifier, required: ['system', 'value'] },
    questionnaire: text(500),
    status: { type: 'string', enum: ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'] },
    item: { type: 'array', items: responseItem(3) },
  },
};

const schemas = { Patient: patientSchema, Encounter: encounterSchema, QuestionnaireResponse: questionnaireResponseSchema };

/** The request body checked as a `resourceType` resource: one 400 issue per element at fault. */
export function checkResource<T>(resourceType: keyof typeof schemas, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(`the body must be a FHIR ${resourceType} resource in JSON`);
  try {
    return validate<T>(schemas[resourceType], body);
  } catch (error) {
    if (!(error instanceof ApiError) || !error.fields) throw error;
    throw new FhirError(
      400,
      error.fields.map((f) => ({ code: 'invalid', diagnostics: f.field === 'resourceType' ? `must be ${resourceType}` : f.message, expression: fhirPath(resourceType, f.field) })),
    );
  }
}
