import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from './app-exception.filter.js';

function named(name: string, message = 'x'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('isDatabaseUnreachable', () => {
  it.each(['MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError'])(
    'treats %s as the database being unreachable',
    (name) => expect(isDatabaseUnreachable(named(name))).toBe(true),
  );

  it('treats a mongoose buffering timeout as unreachable', () => {
    expect(isDatabaseUnreachable(named('MongooseError', 'Operation `movies.aggregate()` buffering timed out after 10000ms'))).toBe(true);
  });

  it('keeps refusals and bugs as what they are', () => {
    expect(isDatabaseUnreachable(named('MongoServerError', 'E11000 duplicate key'))).toBe(false);
    expect(isDatabaseUnreachable(named('MongooseError', 'Model.find() no longer accepts a callback'))).toBe(false);
    expect(isDatabaseUnreachable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isDatabaseUnreachable('MongoNetworkError')).toBe(false);
  });
});
