import { hash } from 'node:crypto';
import type { Movie } from './movie.schema.js';
import { languageName } from './language-names.js';

/** What a write carries: the stored fields minus those the repository stamps (createdAt, updatedAt, sources). */
export type MovieWrite = Omit<Movie, '_id' | 'createdAt' | 'updatedAt' | 'sources'> & { source: string };

/**
 * What a write is made from: a checked movie as the stream delivers it (the stream's MovieMessage has
 * this shape; named here so that movies depends on no module above it).
 */
export interface MovieInput {
  tmdbId: number;
  title: string;
  originalTitle?: string | null;
  originalLanguage?: string | null;
  releaseDate?: string | null;
  genres: readonly { id: number; name: string }[];
  budget: number;
  revenue: number;
  voteAverage: number;
  voteCount: number;
  popularity?: number | null;
  runtime?: number | null;
  status?: string | null;
  spokenLanguages: string[];
  source: string;
  observedAt: string;
}

/** A movie message → the document fields, with year and profit derived once, here. */
export function toMovieWrite(message: MovieInput): MovieWrite {
  const releaseDate = message.releaseDate ? new Date(`${message.releaseDate}T00:00:00.000Z`) : null;
  const content = {
    tmdbId: message.tmdbId,
    title: message.title,
    originalTitle: message.originalTitle ?? null,
    originalLanguage: message.originalLanguage ?? null,
    originalLanguageName: languageName(message.originalLanguage ?? null),
    releaseDate,
    releaseYear: releaseDate ? releaseDate.getUTCFullYear() : null,
    genres: message.genres.map((g) => ({ id: g.id, name: g.name })),
    budget: message.budget,
    revenue: message.revenue,
    // TMDB stores unknown money as 0, so profit exists only when both are known.
    profit: message.budget > 0 && message.revenue > 0 ? message.revenue - message.budget : null,
    voteAverage: message.voteAverage,
    voteCount: message.voteCount,
    popularity: message.popularity ?? null,
    runtime: message.runtime ?? null,
    status: message.status ?? null,
    spokenLanguages: message.spokenLanguages,
  };
  return { ...content, contentHash: hashContent(content), observedAt: new Date(message.observedAt), source: message.source };
}

/** One-shot hash: no Hash object per movie (a few µs each on the consumer's hot path). */
function hashContent(content: object): string {
  return hash('sha1', JSON.stringify(content), 'base64url');
}
