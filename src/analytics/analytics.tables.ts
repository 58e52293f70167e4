import type { CsvValue } from './csv.js';

export interface TableColumn {
  id: string;
  type: 'int' | 'float' | 'string' | 'date' | 'datetime';
  description: string;
}
export type FlatRow = Record<string, CsvValue>;

export const MOVIE_TABLE_COLUMNS: TableColumn[] = [
  { id: 'tmdbId', type: 'int', description: 'TMDB id' },
  { id: 'title', type: 'string', description: 'Title' },
  { id: 'originalTitle', type: 'string', description: 'Original title' },
  { id: 'originalLanguage', type: 'string', description: 'Original language, ISO 639-1 (TMDB also uses cn, xx)' },
  { id: 'originalLanguageName', type: 'string', description: 'Original language name' },
  { id: 'releaseDate', type: 'date', description: 'Release date, YYYY-MM-DD' },
  { id: 'releaseYear', type: 'int', description: 'Release year' },
  { id: 'budget', type: 'int', description: 'Budget, USD (null, an empty CSV cell, when unknown)' },
  { id: 'revenue', type: 'int', description: 'Revenue, USD (null, an empty CSV cell, when unknown)' },
  { id: 'profit', type: 'int', description: 'Revenue − budget (null, an empty CSV cell, unless both are known)' },
  { id: 'voteAverage', type: 'float', description: 'TMDB vote average, 0–10' },
  { id: 'voteCount', type: 'int', description: 'TMDB votes' },
  { id: 'popularity', type: 'float', description: 'TMDB popularity' },
  { id: 'runtime', type: 'int', description: 'Minutes' },
  { id: 'updatedAt', type: 'datetime', description: 'When the stored data last changed (UTC)' },
];

export const MOVIE_GENRE_TABLE_COLUMNS: TableColumn[] = [
  { id: 'tmdbId', type: 'int', description: 'TMDB id (joins movies)' },
  { id: 'genreId', type: 'int', description: 'TMDB genre id' },
  { id: 'genre', type: 'string', description: 'Genre name' },
];
