import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { lostJobKeys, outageReason, unavailableDependency } from './dependency-errors';

/** A pg server error as node-postgres builds it (a DatabaseError with a SQLSTATE). */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'error', code, severity: 'FATAL' });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 });
}

describe('unavailableDependency', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['a connection timing out at the socket', socketError('ETIMEDOUT')],
    ['an unknown host', socketError('ENOTFOUND')],
    ['both addresses of a name refused (AggregateError)', Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), { code: 'ECONNREFUSED' })],
    ['an AggregateError without a code of its own', new AggregateError([socketError('ECONNREFUSED')])],
    ['an admin shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006', 'connection failure')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connection timing out in pg', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
    ['a pool that could not hand out a connection in time', new Error('timeout exceeded when trying to connect')],
    ['a client that is no longer queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['a query runner released under a transaction', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
    ['the same, as TypeORM words it for a query', Object.assign(new Error('Database connection provided by a query runner was already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' })],
    ['any of these wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command'))],
    ['any of these as a cause', new Error('could not record', { cause: socketError('ECONNREFUSED') })],
  ])('database: %s', (_name, error) => {
    expect(unavailableDependency(error)).toBe('database');
  });

  it.each([
    ['ioredis giving up on a command', Object.assign(new Error('Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.'), { name: 'MaxRetriesPerRequestError' })],
    ['a closed connection', new Error('Connection is closed.')],
    ['an offline queue turned off', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['Redis loading its data', Object.assign(new Error('LOADING Redis is loading the dataset in memory'), { name: 'ReplyError' })],
  ])('queue: %s', (_name, error) => {
    expect(unavailableDependency(error)).toBe('queue');
  });

  it('reads a socket error as the caller says (a Redis connection’s error event)', () => {
    expect(unavailableDependency(socketError('ECONNREFUSED'), { socketErrorsMean: 'queue' })).toBe('queue');
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a refused NUL', pgError('22P05', 'unsupported Unicode escape sequence')],
    ['an out-of-range date', new QueryFailedError('SELECT $1::date', ['0000-01-01'], pgError('22008', 'date/time field value out of range'))],
    ['a missing table', pgError('42P01', 'relation "cards" does not exist')],
    ['a query cancelled by statement_timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that mentions a connection in passing', new Error('the connection id is invalid')],
    ['nothing at all', null],
    ['a string', 'ECONNREFUSED'],
    ['a job whose keys Redis lost (Redis answers: no outage)', new Error('Missing key for job 42. moveToFinished')],
  ])('neither: %s', (_name, error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});

describe('outageReason', () => {
  it('is the code when there is one, else the first line of the message, never a value', () => {
    expect(outageReason(socketError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(outageReason(new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating')))).toBe('57P01');
    expect(outageReason(new Error('Connection terminated unexpectedly\nmore'))).toBe('Connection terminated unexpectedly');
  });
});

describe('lostJobKeys', () => {
  it('recognises BullMQ finding a job’s keys or lock gone', () => {
    expect(lostJobKeys(new Error('Missing key for job 42. moveToFinished'))).toBe(true);
    expect(lostJobKeys(new Error('Missing lock for job 42. moveToFinished'))).toBe(true);
    expect(lostJobKeys(new Error('could not renew lock for job timer-61-0'))).toBe(true);
    expect(lostJobKeys(new Error('Connection is closed.'))).toBe(false);
    expect(lostJobKeys(null)).toBe(false);
  });
});
