import { describe, expect, it } from 'vitest';
import { checkMovieMessage } from './movie-message.check.js';
import type { MovieMessage } from './movie-message.dto.js';
import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, MOVIE_MESSAGE_LIMITS as LIMITS } from './movie-message.limits.js';

// U+0001 is the character JSON spends most on: `\u0001`, 6 bytes for one UTF-16 code unit.
const costly = (n: number) => '\u0001'.repeat(n);

/** The largest message the field limits let through: every string and list at its limit, every string at 6 bytes a character. */
function largestMessage(): MovieMessage {
  return {
    schemaVersion: 1,
    tmdbId: LIMITS.tmdbId,
    title: costly(LIMITS.titleChars),
    originalTitle: costly(LIMITS.originalTitleChars),
    originalLanguage: 'xxx',
    releaseDate: '2000-12-31',
    genres: Array.from({ length: LIMITS.genres }, () => ({ id: Number.MAX_SAFE_INTEGER, name: costly(LIMITS.genreNameChars) })),
    budget: LIMITS.money,
    revenue: LIMITS.money,
    runtime: 9999.999999999998,
    voteAverage: 9.999999999999998,
    voteCount: Number.MAX_SAFE_INTEGER,
    popularity: Number.MAX_VALUE,
    status: costly(LIMITS.statusChars),
    spokenLanguages: Array.from({ length: LIMITS.spokenLanguages }, () => 'xxx'),
    source: 'tmdb-top-rated',
    observedAt: '2000-12-31T23:59:59.999999999+12:45',
  };
}

describe('MOVIE_MESSAGE_LIMITS', () => {
  it('the field limits alone keep every message they accept under 40 KB, far inside the message byte limit', () => {
    const message = largestMessage();
    expect(checkMovieMessage(message as unknown as Record<string, unknown>)).toMatchObject({ ok: true });
    const bytes = Buffer.byteLength(JSON.stringify(message));
    expect(bytes).toBeLessThan(40 * 1024);
    expect(bytes).toBeLessThan(LIMITS.messageBytes);
  });

  it('one character or item past any limit is refused', () => {
    const past: Partial<MovieMessage>[] = [
      { title: costly(LIMITS.titleChars + 1) },
      { originalTitle: costly(LIMITS.originalTitleChars + 1) },
      { genres: [...largestMessage().genres, { id: 1, name: 'one more' }] },
      { genres: [{ id: 1, name: costly(LIMITS.genreNameChars + 1) }] },
      { status: costly(LIMITS.statusChars + 1) },
      { spokenLanguages: [...largestMessage().spokenLanguages, 'en'] },
    ];
    for (const change of past) expect(checkMovieMessage({ ...largestMessage(), ...change })).toMatchObject({ ok: false });
  });

  it('the message byte limit leaves three quarters of Kafka default max.message.bytes for key, headers and framing', () => {
    expect(LIMITS.messageBytes).toBeLessThanOrEqual(KAFKA_DEFAULT_MAX_MESSAGE_BYTES / 4);
  });
});
