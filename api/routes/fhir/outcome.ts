import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ApiError } from '../../errors';

/** Every answer of the FHIR endpoint, errors included, is FHIR JSON. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type IssueCode = 'invalid' | 'not-found' | 'security' | 'conflict' | 'processing' | 'not-supported' | 'multiple-matches' | 'business-rule' | 'exception';

export interface Issue {
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath of the element at fault, e.g. `Patient.identifier`. */
  expression?: string;
}

/** A refusal the FHIR routes answer as an OperationOutcome with `status`. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: Issue[],
  ) {
    super(issues.map((i) => (i.expression ? `${i.expression}: ${i.diagnostics}` : i.diagnostics)).join('; '));
    this.name = 'FhirError';
  }

  /** Input we refuse (as opposed to an unknown key or id), so it is recorded in the inbox as refused. */
  get isInputError(): boolean {
    return [400, 409, 412, 415, 422].includes(this.status);
  }
}

const one = (status: number, code: IssueCode) => (diagnostics: string, expression?: string) => new FhirError(status, [{ code, diagnostics, expression }]);

/** 400: the resource is malformed or lacks a required element. */
export const invalid = one(400, 'invalid');
export const unauthenticated = one(401, 'security');
export const notFound = one(404, 'not-found');
export const conflict = one(409, 'conflict');
/** 410: what the resource is for has closed for good (a survey past its expiry). */
export const gone = one(410, 'business-rule');
/** 412: a conditional interaction whose criteria match more than one record. */
export const multipleMatches = one(412, 'multiple-matches');
export const unsupportedMediaType = one(415, 'not-supported');
/** 422: well-formed, but names something we do not know or cannot apply (a hospital, a status). */
export const unprocessable = one(422, 'processing');

export function operationOutcome(error: FhirError) {
  return {
    resourceType: 'OperationOutcome',
    issue: error.issues.map((i) => ({
      severity: 'error',
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

/**
 * The FHIR reading of errors raised below the routes; undefined for the unexpected, which the
 * caller logs. A unique violation is two requests creating the same patient at once.
 */
export function asFhirError(error: unknown): FhirError | undefined {
  if (error instanceof FhirError) return error;
  if (error instanceof UniqueConstraintViolationException) return conflict('a record with the same identifier was created at the same time; retry the request');
  if (error instanceof ApiError) {
    const codes: Record<number, IssueCode> = { 400: 'invalid', 401: 'security', 403: 'security', 404: 'not-found', 409: 'conflict', 413: 'invalid' };
    return new FhirError(error.status, [{ code: codes[error.status] ?? 'processing', diagnostics: error.message }]);
  }
  return undefined;
}

/** Ajv field paths (`identifier.0.value`) as FHIRPath (`Patient.identifier[0].value`). */
export function fhirPath(resourceType: string, field: string): string {
  if (field === '(body)' || field === '') return resourceType;
  return `${resourceType}.${field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`;
}
