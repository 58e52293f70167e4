import type { Type } from '@nestjs/common';
import type { MovieStore } from '../../read-model/movie-store.js';
import type { TableColumn, FlatRow } from '../analytics.tables.js';
import type { AnswerQueryDto } from '../dto/answer.query.dto.js';
import type { AnswerView } from '../dto/answer.view.js';

/** The freshness contract, as every answer, the docs and the OpenAPI description state it. */
export const FRESHNESS_CONTRACT =
  'An answer includes every movie change stored before asOf; a serving process applies a stored change within a second, and settled says whether more is on its way.';

/** The fields every answer carries around its own: added by the service, not by a question. */
export type Envelope = Pick<AnswerView, 'question' | 'definition' | 'params' | 'dataVersion' | 'asOf' | 'settled' | 'feed' | 'freshness'>;

/** What a question computes: its answer without the envelope. */
export type AnswerCore = { considered: number } & Record<string, unknown>;

/** A movie an answer names: its title is filled in from MongoDB. */
export interface NamedMovie {
  tmdbId: number;
  title: string;
}

export interface ComputeContext {
  /** Exact Spearman rho, computed off the event loop. */
  spearman: (x: Float64Array, y: Float64Array) => Promise<number | null>;
}

/**
 * One business question, whole: its route, its words, its parameters, how it is computed from the
 * read model, which movies it names, and its flat rows (CSV, and the BI table when it has one).
 * Adding a question is one such file and one line in the registry (./index.ts): the controllers,
 * the index, the OpenAPI document and the tables are made from it.
 */
export interface QuestionUnit<N extends string = string, A extends AnswerView = AnswerView> {
  name: N;
  /** Under /analytics, e.g. `languages` or `movies/top`. */
  route: string;
  question: string;
  /** Exactly how the answer is computed: shown in every answer, the index and the API docs. */
  definition: string;
  query: Type<AnswerQueryDto>;
  /** The answer's OpenAPI schema. */
  response: Type<A>;
  compute(store: MovieStore, params: Record<string, unknown>, context: ComputeContext): Omit<A, keyof Envelope> | Promise<Omit<A, keyof Envelope>>;
  /** The movies the answer names (their titles are filled in from MongoDB); none by default. */
  movies?(answer: Omit<A, keyof Envelope>): NamedMovie[];
  /** The answer as flat rows: its CSV, and its BI table. */
  columns: TableColumn[];
  rows(answer: A): FlatRow[];
  /** A BI table of the rows at default parameters, under /analytics/tables. */
  table?: { route: string; definition: string };
}

/** Keeps the name literal (the registry's names are the answer names) and checks the unit's types. */
export function defineQuestion<const N extends string, A extends AnswerView>(unit: QuestionUnit<N, A>): QuestionUnit<N, A> {
  return unit;
}

/** The movie columns every movie-valued answer shares. */
export const MOVIE_COLUMNS: TableColumn[] = [
  { id: 'tmdbId', type: 'int', description: 'TMDB id' },
  { id: 'title', type: 'string', description: 'Title' },
  { id: 'year', type: 'int', description: 'Release year' },
  { id: 'budget', type: 'int', description: 'Budget, USD (0 = unknown)' },
  { id: 'revenue', type: 'int', description: 'Revenue, USD (0 = unknown)' },
  { id: 'profit', type: 'int', description: 'Revenue − budget (empty unless both known)' },
];
