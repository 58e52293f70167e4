import type { PoolClient } from 'pg';
import { compareVersions, hashTie, type MovieChange } from '../movies/movie-change.js';
import { languageName } from '../movies/language-names.js';

/** A change with its version, ready for the tables. */
interface Versioned {
  change: MovieChange;
  tie: number;
}

/** Unknown money is NULL in the BI tables (TMDB's 0 means "not known", never zero dollars). */
export function knownMoney(value: number): number | null {
  return value > 0 ? Math.round(value) : null;
}

/** The newest version of each movie in a batch (a batch may carry a movie more than once). */
export function newestPerMovie(changes: readonly MovieChange[]): Versioned[] {
  const newest = new Map<number, Versioned>();
  for (const change of changes) {
    const candidate = { change, tie: hashTie(change.contentHash) };
    const held = newest.get(change.tmdbId);
    if (!held || compareVersions({ observedAt: change.observedAt, tie: candidate.tie }, { observedAt: held.change.observedAt, tie: held.tie }) > 0)
      newest.set(change.tmdbId, candidate);
  }
  return [...newest.values()];
}

/**
 * Applies a batch of changes inside the caller's transaction: a movie's row (and its genres) is
 * replaced only when the change is newer than the version held, by the feed's rule (observedAt,
 * then the hash's first 32 bits); anything else is a no-op. Returns how many movies changed.
 */
export async function applyChanges(client: PoolClient, changes: readonly MovieChange[]): Promise<number> {
  const batch = newestPerMovie(changes);
  if (batch.length === 0) return 0;
  // 1. The versions: the rows that win are the movies to write.
  const won = await client.query<{ tmdb_id: number }>(
    `INSERT INTO bi_internal.movie_versions AS v (tmdb_id, observed_at, tie)
       SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bigint[])
     ON CONFLICT (tmdb_id) DO UPDATE SET observed_at = excluded.observed_at, tie = excluded.tie
       WHERE (v.observed_at, v.tie) < (excluded.observed_at, excluded.tie)
     RETURNING tmdb_id`,
    [batch.map((b) => b.change.tmdbId), batch.map((b) => b.change.observedAt), batch.map((b) => b.tie)],
  );
  if (won.rowCount === 0) return 0;
  const winners = new Set(won.rows.map((r) => r.tmdb_id));
  const rows = batch.filter((b) => winners.has(b.change.tmdbId)).map((b) => b.change);
  // 2. The movies.
  const col = <T>(pick: (c: MovieChange) => T): T[] => rows.map(pick);
  await client.query(
    `INSERT INTO movies AS m (tmdb_id, title, original_title, original_language, language_name, release_date, release_year,
                              budget, revenue, profit, vote_average, vote_count, popularity, runtime, status, updated_at, observed_at)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::integer[],
                            $8::bigint[], $9::bigint[], $10::bigint[], $11::float8[], $12::integer[], $13::float8[], $14::integer[], $15::text[],
                            $16::timestamptz[], $17::timestamptz[])
     ON CONFLICT (tmdb_id) DO UPDATE SET
       title = excluded.title, original_title = excluded.original_title, original_language = excluded.original_language,
       language_name = excluded.language_name, release_date = excluded.release_date, release_year = excluded.release_year,
       budget = excluded.budget, revenue = excluded.revenue, profit = excluded.profit, vote_average = excluded.vote_average,
       vote_count = excluded.vote_count, popularity = excluded.popularity, runtime = excluded.runtime, status = excluded.status,
       updated_at = excluded.updated_at, observed_at = excluded.observed_at`,
    [
      col((c) => c.tmdbId),
      col((c) => c.title),
      col((c) => c.originalTitle),
      col((c) => c.originalLanguage),
      col((c) => languageName(c.originalLanguage)),
      col((c) => c.releaseDate),
      col((c) => c.releaseYear),
      col((c) => knownMoney(c.budget)),
      col((c) => knownMoney(c.revenue)),
      col((c) => {
        const budget = knownMoney(c.budget);
        const revenue = knownMoney(c.revenue);
        return budget === null || revenue === null ? null : revenue - budget;
      }),
      col((c) => c.voteAverage),
      col((c) => c.voteCount),
      col((c) => c.popularity),
      col((c) => (c.runtime === null ? null : Math.round(c.runtime))),
      col((c) => c.status),
      col((c) => new Date(c.updatedAt).toISOString()),
      col((c) => new Date(c.observedAt).toISOString()),
    ],
  );
  // 3. The genres: a changed movie's old genres go, its new ones come (one row per genre id).
  const ids = rows.map((c) => c.tmdbId);
  await client.query('DELETE FROM movie_genres WHERE tmdb_id = ANY($1::integer[])', [ids]);
  const genreRows = rows.flatMap((c) => {
    const seen = new Set<number>();
    return c.genres.filter((g) => !seen.has(g.id) && seen.add(g.id)).map((g) => [c.tmdbId, g.id, g.name] as const);
  });
  if (genreRows.length > 0) {
    await client.query('INSERT INTO movie_genres (tmdb_id, genre_id, genre) SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[])', [
      genreRows.map((r) => r[0]),
      genreRows.map((r) => r[1]),
      genreRows.map((r) => r[2]),
    ]);
  }
  return rows.length;
}
