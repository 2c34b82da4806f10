import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { ValidationError, type FieldProblem } from './errors';

/** The formats the API's schemas use: JSON Schema's (ajv-formats) and `iana-timezone`. */
export function addApiFormats<A extends AjvCore>(instance: A): A {
  addFormats(instance);
  instance.addFormat('iana-timezone', (zone: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone.includes('/') || zone === 'UTC';
    } catch {
      return false;
    }
  });
  return instance;
}

/** One Ajv for every request schema; query strings are coerced ("10" -> 10). */
const ajv = addApiFormats(new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false }));

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

/**
 * Bounds on the shape of any input, checked before a schema sees it, so rejecting hostile input
 * costs time in proportion to its size: no request holds the process (the API, the HL7 listener and
 * the worker share it) while an answer naming fifty thousand unknown fields is built.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays inside one another. */
  depth: 32,
  /** Fields of one object. */
  fieldsPerObject: 200,
  /** Values in all (objects, arrays, strings, numbers...). */
  values: 20_000,
  /** Problems reported in one answer; the rest are summarised. */
  reportedProblems: 20,
} as const;

const pathOf = (base: string, key: string | number) => (base ? `${base}.${key}` : String(key));

/**
 * The first way `value` breaks the input limits, or carries a NUL character (which PostgreSQL can
 * store in no text column), named by field. Walks with its own stack, so depth costs no recursion.
 */
export function shapeProblem(value: unknown): FieldProblem | undefined {
  const stack: [value: unknown, field: string, depth: number][] = [[value, '', 0]];
  let values = 0;
  while (stack.length > 0) {
    const [item, field, depth] = stack.pop()!;
    if (++values > INPUT_LIMITS.values) return { field: '(body)', message: `has more than ${INPUT_LIMITS.values} values` };
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { field: field || '(body)', message: 'must not contain NUL (\\u0000) characters' };
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth) return { field: field || '(body)', message: `is nested more than ${INPUT_LIMITS.depth} levels deep` };
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], pathOf(field, i), depth + 1]);
      continue;
    }
    const keys = Object.keys(item);
    if (keys.length > INPUT_LIMITS.fieldsPerObject) {
      return { field: field || '(body)', message: `has ${keys.length} fields; at most ${INPUT_LIMITS.fieldsPerObject} are accepted` };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      if (keys[i].includes('\u0000')) return { field: field || '(body)', message: 'has a field name with a NUL (\\u0000) character' };
      stack.push([(item as Record<string, unknown>)[keys[i]], pathOf(field, keys[i]), depth + 1]);
    }
  }
  return undefined;
}

/** Throws a 400 when `value` breaks the input limits (see shapeProblem). */
export function checkShape(value: unknown): void {
  const problem = shapeProblem(value);
  if (problem) throw ValidationError([problem]);
}

/** Each field once, in the order Ajv found them, at most INPUT_LIMITS.reportedProblems of them. */
function problemsOf(errors: ErrorObject[]): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = fieldOf(error);
    if (seen.has(field)) continue;
    seen.add(field);
    if (problems.length === INPUT_LIMITS.reportedProblems) {
      problems.push({ field: '(more)', message: 'further fields have problems too; fix these first' });
      break;
    }
    problems.push({ field, message: messageOf(error) });
  }
  return problems;
}

/** Validates (and coerces, and fills defaults into) `value`; throws a 400 naming each bad field. */
export function validate<T>(schema: object, value: unknown): T {
  checkShape(value);
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  if (!check(value)) throw ValidationError(problemsOf(check.errors ?? []));
  return value as T;
}
