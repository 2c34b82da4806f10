import type { Next } from 'koa';
import * as Sentry from '@sentry/node';
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException, NotNullConstraintViolationException } from '@mikro-orm/core';
import { reportableError, type Logger } from '../../config/logger';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { loggablePath } from './requestLog';

function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof UniqueConstraintViolationException) {
    const detail = /Key \((.+?)\)=/.exec(String((error as { detail?: string }).detail ?? error.message));
    return new ApiError(409, 'conflict', `a record with the same ${detail ? detail[1].replace(/"/g, '') : 'key'} already exists`);
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return new ApiError(409, 'conflict', 'the record is still referenced by other records, or refers to one that does not exist');
  }
  if (error instanceof NotNullConstraintViolationException) {
    return new ApiError(400, 'validation_failed', 'a required field is missing');
  }
  const status = (error as { status?: number; expose?: boolean }).status;
  if (status && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
    // Koa's own client errors (ctx.throw, http-errors).
    return new ApiError(status, 'bad_request', (error as Error).message);
  }
  return undefined;
}

/** Turns every failure into `{ error: { code, message, fields? } }`; unexpected ones are logged and reported. */
export function errorHandler(log: Logger, reportToSentry: boolean) {
  return async (ctx: AppContext, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: 'no such endpoint' } };
      }
    } catch (error) {
      const known = asApiError(error);
      if (known) {
        ctx.status = known.status;
        ctx.body = { error: { code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}) } };
        if (known.headers) ctx.set(known.headers);
        return;
      }
      log.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: loggablePath(ctx.path) }, 'unhandled error');
      if (reportToSentry) Sentry.captureException(reportableError(error));
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'internal error', requestId: ctx.state.requestId } };
    }
  };
}
