import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type FieldProblem } from './errors';

/** One Ajv for every request schema; query strings are coerced ("10" -> 10). */
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
addFormats(ajv);
ajv.addFormat('iana-timezone', (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
});

const compiled = new WeakMap<object, ValidateFunction>();

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return [base, error.params.missingProperty].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') return [base, error.params.additionalProperty].filter(Boolean).join('.');
  return base || '(body)';
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'is invalid';
}

/** Validates (and coerces, and fills defaults into) `value`; throws a 400 naming each bad field. */
export function validate<T>(schema: object, value: unknown): T {
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  if (!check(value)) {
    const problems: FieldProblem[] = [];
    for (const error of check.errors ?? []) {
      const problem = { field: fieldOf(error), message: messageOf(error) };
      if (!problems.some((p) => p.field === problem.field)) problems.push(problem);
    }
    throw ValidationError(problems);
  }
  return value as T;
}
