/**
 * Which driver errors mean "the store is out of reach" (platform/errors.ts), and what a client sees
 * when one escapes its store's translation: SERVICE_UNAVAILABLE, never a masked internal error.
 */
import { GraphQLError } from 'graphql';
import { isStoreUnavailable, maskInternalErrors } from '../platform/errors';

const pgError = (code: string, message = 'server says no') => Object.assign(new Error(message), { code });

describe('store unavailable', () => {
  it.each([
    ['a database not accepting connections (55000)', pgError('55000', 'database "hub" is not currently accepting connections')],
    ['an administrator shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection failure (08006)', pgError('08006')],
    ['any connection exception (08P01)', pgError('08P01')],
    ['too many connections (53300)', pgError('53300')],
    ['a refused TCP connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ["Neo4j's ServiceUnavailable", pgError('ServiceUnavailable')],
    ["Neo4j's SessionExpired", pgError('SessionExpired')],
    ['a closed embedded store', new Error('PGlite is closed')],
  ])('counts %s', (_label, error) => {
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it.each([
    ['55000 for a reason of the query', pgError('55000', 'currval of sequence "s" is not yet defined in this session')],
    ['a unique violation', pgError('23505')],
    ['a syntax error', pgError('42601')],
    ['a plain error', new Error('boom')],
  ])('does not count %s', (_label, error) => {
    expect(isStoreUnavailable(error)).toBe(false);
  });

  it('answers a driver error that escaped its store as SERVICE_UNAVAILABLE', () => {
    const format = maskInternalErrors('tickets');
    const escaped = new GraphQLError('database "hub" is not currently accepting connections', {
      path: ['tickets'],
      originalError: pgError('55000', 'database "hub" is not currently accepting connections'),
    });
    expect(format({ message: escaped.message, path: ['tickets'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, escaped)).toEqual({
      message: 'the tickets store is unavailable, try again shortly',
      path: ['tickets'],
      locations: undefined,
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'tickets store' },
    });
    const other = new GraphQLError('boom', { originalError: new Error('boom') });
    expect(format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, other).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
