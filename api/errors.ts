/** The few error kinds the API answers with; mapped to HTTP once, in api/middleware/errors.ts. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const ValidationError = (fields: FieldProblem[]) =>
  new ApiError(400, 'validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
export const AuthenticationError = (message = 'authentication required') => new ApiError(401, 'unauthenticated', message);
export const ForbiddenError = (message = 'your role does not allow this') => new ApiError(403, 'forbidden', message);
export const NotFoundError = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);
export const ConflictError = (message: string) => new ApiError(409, 'conflict', message);
export const LockedError = (until: Date) =>
  new ApiError(423, 'account_locked', `account locked after repeated failed logins; try again after ${until.toISOString()}`);
export const TooManyRequestsError = (retryAfterSeconds: number) =>
  new ApiError(429, 'too_many_requests', 'too many attempts; slow down', undefined, { 'Retry-After': String(retryAfterSeconds) });
