import { Writable } from 'node:stream';
import { DriverException } from '@mikro-orm/core';
import { createLogger, loggableError, reportableError } from './logger';

/** A database error as MikroORM raises it: the statement with its parameters, then the driver's words. */
function driverError(): Error {
  const pgError = Object.assign(new Error(`insert into "patient" ("mrn", "full_name_en", "phone") values ('MRN-778899', 'Khalid Al-Harbi', '+966501234567') - value too long for type character varying(64)`), {
    code: '22001',
    detail: 'Failing row contains (MRN-778899, Khalid Al-Harbi, +966501234567).',
  });
  return new DriverException(pgError);
}

describe('errors in the log', () => {
  it('keep the kind, the SQLSTATE and the driver sentence, never the statement, parameters or detail', () => {
    const logged = loggableError(driverError());
    expect(logged).toMatchObject({ type: 'DriverException', code: '22001', message: 'value too long for type character varying(64)' });
    expect(JSON.stringify(logged)).not.toMatch(/MRN-778899|Khalid|966501234567|Failing row/);
  });

  it('mask quoted values and long digit runs in other messages', () => {
    expect(loggableError(new Error('patient "Khalid" with phone 0501234567 not found')).message).toBe('patient "…" with phone # not found');
  });

  it('go through the same reduction for every logger call, and for Sentry', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('info', 'test', sink);
    log.error({ err: driverError() }, 'could not store');
    expect(lines.join('')).toContain('22001');
    expect(lines.join('')).not.toContain('Khalid');
    const reported = reportableError(driverError());
    expect(`${reported.message} ${reported.stack}`).not.toMatch(/Khalid|MRN-778899/);
  });
});
