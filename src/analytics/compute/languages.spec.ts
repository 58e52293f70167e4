import { describe, expect, it } from 'vitest';
import type { MovieChange } from '../../read-model/movie-store.js';
import { languageName } from '../../movies/language-names.js';
import type { RatingsByLanguageParams } from '../pipelines/ratings-by-language.pipeline.js';
import { roundTo } from '../statistics.js';
import { computeLanguages } from './languages.js';
import { byCodeUnits, exactSum, movie, randomChanges, storeOf } from './test-movies.js';

/** The ratingsByLanguage pipeline and the service's shaping, written out over the movies held. */
function expected(movies: readonly MovieChange[], { minVotes, minMovies }: RatingsByLanguageParams) {
  const matched = movies.filter((m) => m.voteCount >= minVotes && m.originalLanguage !== null);
  const groups = new Map<string, MovieChange[]>();
  for (const m of matched) {
    const group = groups.get(m.originalLanguage!) ?? [];
    group.push(m);
    groups.set(m.originalLanguage!, group);
  }
  const rows = [];
  for (const [language, group] of groups) {
    if (group.length < minMovies) continue;
    // $avg: the sum of the doubles (MongoDB sums them in double-double, exact here) over the count.
    const mean = exactSum(group.map((m) => m.voteAverage)) / group.length;
    let votes = 0;
    for (const m of group) votes += m.voteCount;
    rows.push({ language, name: languageName(language), movies: group.length, mean, votes });
  }
  rows.sort((a, b) => (a.mean !== b.mean ? b.mean - a.mean : byCodeUnits(a.language, b.language)));
  const items = rows.map((r) => ({ language: r.language, name: r.name, movies: r.movies, averageRating: roundTo(r.mean, 2)!, votes: r.votes }));
  const least = Math.min(...items.map((i) => i.averageRating));
  return { considered: matched.length, items, highest: items[0] ?? null, lowest: items.find((i) => i.averageRating === least) ?? null };
}

describe('computeLanguages', () => {
  it('counts movies with enough votes and a known language; names them; leaves out small languages', () => {
    const { store } = storeOf([
      movie({ tmdbId: 1, originalLanguage: 'fr', voteAverage: 8, voteCount: 100 }),
      movie({ tmdbId: 2, originalLanguage: 'fr', voteAverage: 6, voteCount: 300 }),
      movie({ tmdbId: 3, originalLanguage: 'fr', voteAverage: 1, voteCount: 99 }),
      movie({ tmdbId: 4, originalLanguage: 'cn', voteAverage: 9, voteCount: 100 }),
      movie({ tmdbId: 5, originalLanguage: null, voteAverage: 9, voteCount: 1000 }),
      movie({ tmdbId: 6, originalLanguage: 'zz', voteAverage: 2, voteCount: 100 }),
      movie({ tmdbId: 7, originalLanguage: 'zz', voteAverage: 3, voteCount: 100 }),
    ]);
    expect(computeLanguages(store, { minVotes: 100, minMovies: 1 })).toEqual({
      considered: 5,
      items: [
        { language: 'cn', name: 'Cantonese', movies: 1, averageRating: 9, votes: 100 },
        { language: 'fr', name: 'French', movies: 2, averageRating: 7, votes: 400 },
        { language: 'zz', name: null, movies: 2, averageRating: 2.5, votes: 200 },
      ],
      highest: { language: 'cn', name: 'Cantonese', movies: 1, averageRating: 9, votes: 100 },
      lowest: { language: 'zz', name: null, movies: 2, averageRating: 2.5, votes: 200 },
    });
    const small = computeLanguages(store, { minVotes: 100, minMovies: 2 });
    expect(small.considered).toBe(5);
    expect(small.items.map((i) => i.language)).toEqual(['fr', 'zz']);
    expect(computeLanguages(store, { minVotes: 5000, minMovies: 1 })).toEqual({ considered: 0, items: [], highest: null, lowest: null });
  });

  it('takes equal means as equal whatever order the movies come in (ties by code), as $avg sums them', () => {
    // A running sum in slot order would make these two means differ by an ulp.
    expect(0.1 + 0.2 + 0.3).not.toBe(0.3 + 0.2 + 0.1);
    const { store, movies } = storeOf([
      movie({ tmdbId: 1, originalLanguage: 'ja', voteAverage: 0.1 }),
      movie({ tmdbId: 2, originalLanguage: 'ja', voteAverage: 0.2 }),
      movie({ tmdbId: 3, originalLanguage: 'ja', voteAverage: 0.3 }),
      movie({ tmdbId: 4, originalLanguage: 'de', voteAverage: 0.3 }),
      movie({ tmdbId: 5, originalLanguage: 'de', voteAverage: 0.2 }),
      movie({ tmdbId: 6, originalLanguage: 'de', voteAverage: 0.1 }),
    ]);
    const answer = computeLanguages(store, { minVotes: 0, minMovies: 1 });
    expect(answer.items.map((i) => i.language)).toEqual(['de', 'ja']);
    expect(answer).toEqual(expected(movies, { minVotes: 0, minMovies: 1 }));
  });

  it('sorts by the unrounded mean and rounds afterwards; lowest is the first of the least rounded', () => {
    const { store } = storeOf([
      movie({ tmdbId: 1, originalLanguage: 'aa', voteAverage: 7.001 }),
      movie({ tmdbId: 2, originalLanguage: 'zu', voteAverage: 7.004 }),
      movie({ tmdbId: 3, originalLanguage: 'en', voteAverage: 8.125 }),
      movie({ tmdbId: 4, originalLanguage: 'en', voteAverage: 8.125 }),
    ]);
    const answer = computeLanguages(store, { minVotes: 0, minMovies: 1 });
    expect(answer.items.map((i) => [i.language, i.averageRating])).toEqual([
      ['en', 8.13],
      ['zu', 7],
      ['aa', 7],
    ]);
    expect(answer.lowest?.language).toBe('zu');
  });

  it('follows upserts: a movie that changes language, votes or rating leaves its old group; an older version is ignored', () => {
    const changes = [
      movie({ tmdbId: 1, observedAt: 1, originalLanguage: 'fr', voteAverage: 9, voteCount: 500 }),
      movie({ tmdbId: 2, observedAt: 1, originalLanguage: 'fr', voteAverage: 5, voteCount: 500 }),
      movie({ tmdbId: 3, observedAt: 1, originalLanguage: 'en', voteAverage: 4, voteCount: 500 }),
      movie({ tmdbId: 1, observedAt: 2, originalLanguage: 'en', voteAverage: 6, voteCount: 700 }),
      movie({ tmdbId: 2, observedAt: 2, originalLanguage: 'fr', voteAverage: 5, voteCount: 10 }),
      movie({ tmdbId: 3, observedAt: 3, originalLanguage: 'en', voteAverage: 2, voteCount: 500 }),
      movie({ tmdbId: 3, observedAt: 2, originalLanguage: 'ja', voteAverage: 10, voteCount: 9000 }),
    ];
    const { store, movies } = storeOf(changes);
    const answer = computeLanguages(store, { minVotes: 100, minMovies: 1 });
    expect(answer).toEqual({
      considered: 2,
      items: [{ language: 'en', name: 'English', movies: 2, averageRating: 4, votes: 1200 }],
      highest: { language: 'en', name: 'English', movies: 2, averageRating: 4, votes: 1200 },
      lowest: { language: 'en', name: 'English', movies: 2, averageRating: 4, votes: 1200 },
    });
    expect(answer).toEqual(expected(movies, { minVotes: 100, minMovies: 1 }));
  });

  it('matches the aggregation on seeded random movies for many parameters', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { store, movies } = storeOf(randomChanges(seed, { movies: 1500 + seed * 100, updates: 800, inIdOrder: seed % 2 === 0 }));
      for (const minVotes of [0, 1, 10, 100, 500, 5000]) {
        for (const minMovies of [1, 2, 5, 40, 200]) {
          expect(computeLanguages(store, { minVotes, minMovies }), `seed ${seed} minVotes ${minVotes} minMovies ${minMovies}`).toEqual(
            expected(movies, { minVotes, minMovies }),
          );
        }
      }
    }
  });
});
