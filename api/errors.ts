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

/** The body every error answers with (api/middleware/errors.ts): the shape clients can rely on. */
export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'validation_failed, unauthenticated, forbidden, not_found, conflict, account_locked, too_many_requests, …' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          description: 'with validation_failed: each refused field and why',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
        requestId: { type: 'string', description: 'with internal: the request to quote when reporting it' },
      },
    },
  },
} as const;
