import { isCalendarDate } from '../common/calendar-date.js';
import type { TmdbMovieDetails } from '../tmdb/tmdb.types.js';
import { checkOutgoingMovieMessage } from '../stream/movie-message.check.js';
import { MOVIE_MESSAGE_SCHEMA_VERSION, type MovieMessage, type MovieSource } from '../stream/movie-message.dto.js';

export type MapResult = { ok: true; message: MovieMessage } | { ok: false; reason: string };

const LANGUAGE = /^[a-z]{2,3}$/;
/** Problems named in a refusal; a genre list of thousands would otherwise make a reason of thousands. */
const PROBLEMS_SHOWN = 5;

/**
 * Turns a TMDB `/movie/{id}` object (from the API or a TMDB-shaped file) into the movie
 * message. Refuses what cannot be a movie (no id, no title, negative money, a date that
 * is not a date) with a reason; keeps TMDB's 0-means-unknown money as it is. Then holds the
 * message to the limits the consumer holds it to (MOVIE_MESSAGE_LIMITS), so what breaks them
 * is a row failure on the job instead of a message that is dead-lettered or too big for Kafka.
 */
export function toMovieMessage(details: TmdbMovieDetails, source: MovieSource, observedAt: Date): MapResult {
  const id = details.id;
  if (!Number.isSafeInteger(id) || id < 1) return fail(`id must be a positive integer, got ${String(id)}`);
  const title = text(details.title) ?? text(details.original_title);
  if (!title) return fail(`movie ${id} has no title`);

  const releaseDate = text(details.release_date);
  if (releaseDate && !isCalendarDate(releaseDate)) return fail(`movie ${id} has release_date ${quote(releaseDate)}, expected YYYY-MM-DD`);

  const budget = money(details.budget);
  const revenue = money(details.revenue);
  if (budget === undefined) return fail(`movie ${id} has budget ${String(details.budget)}, expected a whole number >= 0`);
  if (revenue === undefined) return fail(`movie ${id} has revenue ${String(details.revenue)}, expected a whole number >= 0`);

  const voteAverage = details.vote_average ?? 0;
  if (!Number.isFinite(voteAverage) || voteAverage < 0 || voteAverage > 10) {
    return fail(`movie ${id} has vote_average ${String(details.vote_average)}, expected 0 to 10`);
  }
  const voteCount = details.vote_count ?? 0;
  if (!Number.isSafeInteger(voteCount) || voteCount < 0) {
    return fail(`movie ${id} has vote_count ${String(details.vote_count)}, expected a whole number >= 0`);
  }

  const language = text(details.original_language)?.toLowerCase() ?? null;
  const message: MovieMessage = {
    schemaVersion: MOVIE_MESSAGE_SCHEMA_VERSION,
    tmdbId: id,
    title,
    originalTitle: text(details.original_title),
    originalLanguage: language && LANGUAGE.test(language) ? language : null,
    releaseDate: releaseDate ?? null,
    genres: (details.genres ?? []).filter((g) => Number.isInteger(g.id) && text(g.name)).map((g) => ({ id: g.id, name: g.name.trim() })),
    budget,
    revenue,
    // TMDB answers 0 minutes for an unknown runtime.
    runtime: details.runtime && details.runtime > 0 ? details.runtime : null,
    voteAverage,
    voteCount,
    popularity: details.popularity != null && Number.isFinite(details.popularity) && details.popularity >= 0 ? details.popularity : null,
    status: text(details.status),
    spokenLanguages: [...new Set((details.spoken_languages ?? []).map((l) => l.iso_639_1?.toLowerCase()).filter((c): c is string => !!c && LANGUAGE.test(c)))],
    source,
    observedAt: observedAt.toISOString(),
  };
  const problems = checkOutgoingMovieMessage(message);
  if (problems.length === 0) return { ok: true, message };
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '';
  return fail(`movie ${id} breaks the message limits: ${problems.slice(0, PROBLEMS_SHOWN).join('; ')}${more}`);
}

function fail(reason: string): MapResult {
  return { ok: false, reason };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}

function text(value: string | null | undefined): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? null : trimmed;
}

function money(value: number | null | undefined): number | undefined {
  if (value == null) return 0;
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value);
}
