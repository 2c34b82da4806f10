import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { FhirError, fhirPath, invalid, type Issue } from './outcome';

/*
 * Shapes of the elements we read, checked before any mapping so a wrong type is a 400 naming the
 * element rather than a crash later. Elements we do not read pass unchecked: FHIR resources carry
 * many more, and a client must not be refused for sending a complete resource. JSON types are
 * taken as sent (FHIR JSON has no "5" for 5).
 */
const ajv = new Ajv({ allErrors: true, strict: false });

const text = (maxLength = 200) => ({ type: 'string', minLength: 1, maxLength });
const coding = { type: 'object', properties: { system: text(500), code: text(64), display: text() } };
const codeableConcept = { type: 'object', properties: { coding: { type: 'array', items: coding }, text: text() } };
const identifier = { type: 'object', properties: { use: text(16), system: text(500), value: text(64), type: codeableConcept } };
const reference = { type: 'object', properties: { reference: text(500), identifier, display: text() } };
const meta = { type: 'object', properties: { versionId: text(64), lastUpdated: text(40) } };
const dateTime = { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?$' };
const extension = { type: 'object', required: ['url'], properties: { url: text(500), valueCode: text(64), valueString: text(2000) } };

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
      items: {
        type: 'object',
        properties: { extension: { type: 'array', items: extension }, use: text(16), text: text(), family: text(100), given: { type: 'array', items: text(100) } },
      },
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

/** A subscription notification (R4 backport): a history Bundle whose first entry is the SubscriptionStatus (as a Parameters resource in R4). */
const notificationSchema = {
  type: 'object',
  required: ['resourceType', 'type', 'entry'],
  properties: {
    resourceType: { const: 'Bundle' },
    type: { const: 'history' },
    entry: {
      type: 'array',
      minItems: 1,
      maxItems: 101,
      items: {
        type: 'object',
        properties: {
          fullUrl: text(500),
          resource: { type: 'object', required: ['resourceType'], properties: { resourceType: text(64) } },
          request: { type: 'object', properties: { method: text(8), url: text(500) } },
        },
      },
    },
  },
};

const schemas = { Patient: patientSchema, Encounter: encounterSchema, QuestionnaireResponse: questionnaireResponseSchema, Bundle: notificationSchema };

/** The shapes the server checks, per resource type it takes (for the API docs too). */
export const RESOURCE_SCHEMAS: Readonly<Record<keyof typeof schemas, object>> = schemas;
const compiled = new Map<string, ValidateFunction>();

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return [base, error.params.missingProperty].filter(Boolean).join('.');
  return base || '(body)';
}

function messageOf(error: ErrorObject, resourceType: string): string {
  if (error.keyword === 'required') return 'is required';
  if (error.instancePath === '/resourceType') return `must be ${resourceType}`;
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'is invalid';
}

/** The request body checked as a `resourceType` resource: one 400 issue per element at fault (at most 20). */
export function checkResource<T>(resourceType: keyof typeof schemas, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(`the body must be a FHIR ${resourceType} resource in JSON`);
  let check = compiled.get(resourceType);
  if (!check) compiled.set(resourceType, (check = ajv.compile(schemas[resourceType])));
  if (check(body)) return body as T;
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of check.errors ?? []) {
    const field = fieldOf(error);
    if (seen.has(field) || issues.length === 20) continue;
    seen.add(field);
    issues.push({ code: 'invalid', diagnostics: messageOf(error, resourceType), expression: fhirPath(resourceType, field) });
  }
  throw new FhirError(400, issues);
}
