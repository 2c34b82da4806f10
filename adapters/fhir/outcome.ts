/** Every answer of the FHIR server, errors included, is FHIR JSON. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'not-found'
  | 'security'
  | 'forbidden'
  | 'conflict'
  | 'processing'
  | 'not-supported'
  | 'multiple-matches'
  | 'business-rule'
  | 'too-costly'
  | 'throttled'
  | 'exception'
  | 'informational';

export interface Issue {
  code: IssueCode;
  diagnostics: string;
  /** FHIRPath of the element at fault, e.g. `Patient.identifier`. */
  expression?: string;
  severity?: 'error' | 'warning' | 'information';
}

/** A refusal the FHIR server answers as an OperationOutcome with `status` (and `headers`). */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: Issue[],
    readonly headers?: Record<string, string>,
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

/** 400: the resource or the request is malformed or lacks a required element. */
export const invalid = one(400, 'invalid');
/** 400: the body is not JSON at all. */
export const malformed = one(400, 'structure');
export const unauthenticated = (diagnostics: string) => new FhirError(401, [{ code: 'security', diagnostics }], { 'WWW-Authenticate': 'Bearer realm="fhir", X-Api-Key' });
export const forbidden = one(403, 'forbidden');
export const notFound = one(404, 'not-found');
export const methodNotAllowed = one(405, 'not-supported');
export const conflict = one(409, 'conflict');
/** 410: what the resource is for has closed for good (a survey past its expiry). */
export const gone = one(410, 'business-rule');
/** 412: a conditional interaction whose criteria match more than one record. */
export const multipleMatches = one(412, 'multiple-matches');
export const payloadTooLarge = one(413, 'too-costly');
export const unsupportedMediaType = one(415, 'not-supported');
/** 422: well-formed, but names something we do not know or cannot apply (a hospital, a status). */
export const unprocessable = one(422, 'processing');

export function operationOutcome(error: FhirError) {
  return {
    resourceType: 'OperationOutcome',
    issue: error.issues.map((i) => ({
      severity: i.severity ?? 'error',
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

/** The issue code an HTTP error status stands for, for refusals raised outside the FHIR code. */
export function issueCodeFor(status: number): IssueCode {
  const codes: Record<number, IssueCode> = { 400: 'invalid', 401: 'security', 403: 'forbidden', 404: 'not-found', 405: 'not-supported', 409: 'conflict', 412: 'multiple-matches', 413: 'too-costly', 415: 'not-supported', 429: 'throttled' };
  return codes[status] ?? (status >= 500 ? 'exception' : 'processing');
}

/** Ajv field paths (`identifier.0.value`) as FHIRPath (`Patient.identifier[0].value`). */
export function fhirPath(resourceType: string, field: string): string {
  if (field === '(body)' || field === '') return resourceType;
  return `${resourceType}.${field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`;
}
