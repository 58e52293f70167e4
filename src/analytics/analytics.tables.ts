import type { AnswerName } from './analytics.catalog.js';
import type { CsvValue } from './csv.js';
import type {
  DataQualityAnswer,
  ExtremesAnswer,
  GenresAnswer,
  LanguagesAnswer,
  RevenueVsBudgetAnswer,
  TopMoviesAnswer,
  TopRatedYearsAnswer,
  TopRevenuePerYearAnswer,
} from './dto/answer.view.js';

export interface TableColumn {
  id: string;
  type: 'int' | 'float' | 'string' | 'date' | 'datetime';
  description: string;
}
export type FlatRow = Record<string, CsvValue>;

/** An answer as flat rows: its CSV, and the BI table of the same name. */
interface FlatAnswer<A> {
  columns: TableColumn[];
  rows(answer: A): FlatRow[];
}

const movieColumns: TableColumn[] = [
  { id: 'tmdbId', type: 'int', description: 'TMDB id' },
  { id: 'title', type: 'string', description: 'Title' },
  { id: 'year', type: 'int', description: 'Release year' },
  { id: 'budget', type: 'int', description: 'Budget, USD (0 = unknown)' },
  { id: 'revenue', type: 'int', description: 'Revenue, USD (0 = unknown)' },
  { id: 'profit', type: 'int', description: 'Revenue − budget (empty unless both known)' },
];

const flat = {
  languages: {
    columns: [
      { id: 'language', type: 'string', description: 'Original language, ISO 639-1' },
      { id: 'name', type: 'string', description: 'Language name' },
      { id: 'movies', type: 'int', description: 'Movies counted' },
      { id: 'averageRating', type: 'float', description: 'Mean vote average' },
      { id: 'votes', type: 'int', description: 'Total votes' },
    ],
    rows: (a: LanguagesAnswer) => a.items.map((i) => ({ ...i })),
  },
  topRatedYears: {
    columns: [
      { id: 'year', type: 'int', description: 'Release year' },
      { id: 'count', type: 'int', description: 'Top-rated movies' },
    ],
    rows: (a: TopRatedYearsAnswer) => a.items.map((i) => ({ ...i })),
  },
  genres: {
    columns: [
      { id: 'genre', type: 'string', description: 'Genre' },
      { id: 'genreId', type: 'int', description: 'TMDB genre id' },
      { id: 'movies', type: 'int', description: 'Movies in the genre' },
    ],
    rows: (a: GenresAnswer) => a.items.map((i) => ({ ...i })),
  },
  extremes: {
    columns: [{ id: 'answer', type: 'string', description: 'highestProfit, lowestProfit, highestBudget or lowestBudget' }, ...movieColumns],
    rows: (a: ExtremesAnswer) => a.items.map((i) => ({ ...i })),
  },
  topMovies: {
    columns: [{ id: 'rank', type: 'int', description: 'Position, from 1' }, ...movieColumns],
    rows: (a: TopMoviesAnswer) => a.items.map((i, index) => ({ rank: index + 1, ...i })),
  },
  topRevenuePerYear: {
    columns: [{ id: 'rank', type: 'int', description: 'Position within the year, from 1' }, ...movieColumns],
    rows: (a: TopRevenuePerYearAnswer) => a.items.flatMap((y) => y.movies.map((m, index) => ({ rank: index + 1, ...m }))),
  },
  revenueVsBudget: {
    columns: movieColumns.filter((c) => c.id !== 'profit'),
    rows: (a: RevenueVsBudgetAnswer) => a.points.map((p) => ({ ...p })),
  },
  dataQuality: {
    columns: [
      { id: 'check', type: 'string', description: 'Check' },
      { id: 'description', type: 'string', description: 'What it finds' },
      { id: 'count', type: 'int', description: 'Movies failing it' },
      { id: 'examples', type: 'string', description: 'A few TMDB ids, space-separated' },
    ],
    rows: (a: DataQualityAnswer) => a.items.map((i) => ({ ...i, examples: i.examples.join(' ') })),
  },
} satisfies Record<AnswerName, FlatAnswer<never>>;

export const FLAT_ANSWERS = flat as unknown as Record<AnswerName, FlatAnswer<unknown>>;

/** The BI tables backed by an answer (with default parameters). */
export const ANSWER_TABLES = {
  languages: 'languages',
  genres: 'genres',
  'top-rated-years': 'topRatedYears',
  'top-revenue-per-year': 'topRevenuePerYear',
  'revenue-budget-points': 'revenueVsBudget',
} as const satisfies Record<string, AnswerName>;
export type AnswerTableName = keyof typeof ANSWER_TABLES;

export const MOVIE_TABLE_COLUMNS: TableColumn[] = [
  { id: 'tmdbId', type: 'int', description: 'TMDB id' },
  { id: 'title', type: 'string', description: 'Title' },
  { id: 'originalTitle', type: 'string', description: 'Original title' },
  { id: 'originalLanguage', type: 'string', description: 'Original language, ISO 639-1 (TMDB also uses cn, xx)' },
  { id: 'originalLanguageName', type: 'string', description: 'Original language name' },
  { id: 'releaseDate', type: 'date', description: 'Release date, YYYY-MM-DD' },
  { id: 'releaseYear', type: 'int', description: 'Release year' },
  { id: 'budget', type: 'int', description: 'Budget, USD (0 = unknown)' },
  { id: 'revenue', type: 'int', description: 'Revenue, USD (0 = unknown)' },
  { id: 'profit', type: 'int', description: 'Revenue − budget (empty unless both known)' },
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
