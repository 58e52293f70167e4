import { Injectable } from '@nestjs/common';
import { MovieRepository } from '../movies/movie.repository.js';
import type { Movie } from '../movies/movie.schema.js';
import type { MovieStore } from '../read-model/movie-store.js';
import { ReadModel } from '../read-model/read-model.service.js';
import { AnalyticsService, etagOf, matchesEtag, type Reply } from './analytics.service.js';
import { MOVIE_GENRE_TABLE_COLUMNS, MOVIE_TABLE_COLUMNS, type FlatRow, type TableColumn } from './analytics.tables.js';
import { QUESTION_UNITS, type AnswerName } from './questions/index.js';
import type { QuestionUnit } from './questions/question.js';
import type { AnswerFormat } from './dto/answer.query.dto.js';
import type { TableView } from './dto/answer.view.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';
import { withDefaults } from '../common/dto/query-params.js';
import { csvLines, toCsv } from './csv.js';

/** Movies read from MongoDB per round trip of a whole-table export: the export's memory is about this many rows, whatever the table's size. */
export const EXPORT_CHUNK = 2000;

/** Money as the flat tables show it: unknown (TMDB's 0) is null, never zero dollars. */
function knownMoney(value: number): number | null {
  return value > 0 ? value : null;
}

/** `movies`, `movie-genres`, or the table route of a question's answer. */
export type TableName = string;

/** The questions with a BI table, by the table's route. */
const ANSWER_TABLES = new Map<string, QuestionUnit>(
  QUESTION_UNITS.flatMap((unit): [string, QuestionUnit][] => (unit.table ? [[unit.table.route, unit as unknown as QuestionUnit]] : [])),
);

type MovieRowDoc = Pick<
  Movie,
  | 'title'
  | 'originalTitle'
  | 'originalLanguage'
  | 'originalLanguageName'
  | 'releaseDate'
  | 'releaseYear'
  | 'budget'
  | 'revenue'
  | 'profit'
  | 'voteAverage'
  | 'voteCount'
  | 'popularity'
  | 'runtime'
  | 'updatedAt'
> & { _id: number };

const MOVIE_ROW_PROJECTION = Object.fromEntries(MOVIE_TABLE_COLUMNS.filter((c) => c.id !== 'tmdbId').map((c) => [c.id, 1])) as Record<string, 1>;

/**
 * Flat paged tables for BI tools (the dashboard, the Tableau connector): the movies and their
 * genres, and the rows of the answers at default parameters. The read model decides which
 * movies a page holds (in TMDB id order), so no page costs a skip over the collection: the
 * movie rows are then read from MongoDB by `_id`, the genre rows come from the model itself.
 */
@Injectable()
export class AnalyticsTablesService {
  /** The ids of the movies changed since a second, sorted: one entry, reused while the model stands still. */
  private ids?: { changes: number; sinceSec: number; ids: Int32Array };

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly model: ReadModel,
    private readonly movies: MovieRepository,
  ) {}

  async reply(table: TableName, query: TableQueryDto | MovieTableQueryDto, format: AnswerFormat, ifNoneMatch: string | undefined): Promise<Reply<TableView>> {
    this.model.assertReady();
    const incremental = table === 'movies' || table === 'movie-genres';
    const params = withDefaults(incremental ? MovieTableQueryDto : TableQueryDto, query) as { page: number; pageSize: number; updatedSince?: string | null };
    const status = this.model.status();
    const etag = etagOf(status.dataVersion, `tables/${table}`, params, format);
    if (matchesEtag(ifNoneMatch, etag)) return { etag, body: null };

    const { page, pageSize } = params;
    const skip = (page - 1) * pageSize;
    let columns: TableColumn[];
    let rows: FlatRow[];
    let total: number;
    if (table === 'movies' || table === 'movie-genres') {
      const since = params.updatedSince ? new Date(params.updatedSince) : null;
      const ids = this.changedSince(since);
      if (table === 'movies') {
        columns = MOVIE_TABLE_COLUMNS;
        total = ids.length;
        rows = await this.movieRows(ids.subarray(skip, skip + pageSize), since);
      } else {
        columns = MOVIE_GENRE_TABLE_COLUMNS;
        ({ rows, total } = genreRows(this.model.store, ids, skip, pageSize));
      }
    } else {
      const unit = ANSWER_TABLES.get(table);
      if (!unit) throw new Error(`no table ${table}`);
      const answer = await this.analytics.answer(unit.name as AnswerName, this.analytics.defaults(unit.name as AnswerName));
      const all = unit.rows(answer);
      columns = unit.columns;
      rows = all.slice(skip, skip + pageSize);
      total = all.length;
    }
    const body: TableView = {
      table,
      page,
      pageSize,
      total,
      nextPage: skip + pageSize < total ? page + 1 : null,
      dataVersion: status.dataVersion,
      asOf: status.asOf,
      columns,
      rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c.id, row[c.id] ?? null]))),
    };
    return { etag, body };
  }

  /**
   * A whole movie table as CSV, in parts of EXPORT_CHUNK movies: the caller writes each part before it
   * asks for the next, so memory stays bounded however many movies there are. The rows are those of
   * the model's state when the export starts (movies changed meanwhile show their newest data).
   */
  async *exportCsv(table: 'movies' | 'movie-genres', updatedSince: string | null): AsyncGenerator<string> {
    this.model.assertReady();
    const since = updatedSince ? new Date(updatedSince) : null;
    // A copy (4 bytes a movie): the cached list is replaced when the model moves on.
    const ids = this.changedSince(since).slice();
    const columns = (table === 'movies' ? MOVIE_TABLE_COLUMNS : MOVIE_GENRE_TABLE_COLUMNS).map((c) => c.id);
    yield toCsv(columns, []);
    for (let start = 0; start < ids.length; start += EXPORT_CHUNK) {
      const chunk = ids.subarray(start, start + EXPORT_CHUNK);
      const rows = table === 'movies' ? await this.movieRows(chunk, since) : genreRows(this.model.store, chunk, 0, Number.MAX_SAFE_INTEGER).rows;
      yield csvLines(columns, rows);
    }
  }

  /**
   * The ids of the movies whose stored data changed in or after the second of `since` (all when null),
   * ascending. The model keeps whole seconds; movieRows drops the few rows of that second that came before it.
   */
  private changedSince(since: Date | null): Int32Array {
    const store = this.model.store;
    const sinceSec = since ? Math.floor(since.getTime() / 1000) : 0;
    if (this.ids && this.ids.changes === store.changes && this.ids.sinceSec === sinceSec) return this.ids.ids;
    const ids = new Int32Array(store.size);
    let n = 0;
    for (let slot = 0; slot < store.size; slot++) if (store.updatedSec[slot]! >= sinceSec) ids[n++] = store.ids[slot]!;
    const sorted = ids.subarray(0, n).sort();
    this.ids = { changes: store.changes, sinceSec, ids: sorted };
    return sorted;
  }

  private async movieRows(ids: Int32Array, since: Date | null): Promise<FlatRow[]> {
    const docs = await this.movies.findByIds<MovieRowDoc>([...ids], MOVIE_ROW_PROJECTION);
    const byId = new Map(docs.map((d) => [d._id, d]));
    const rows: FlatRow[] = [];
    for (const id of ids) {
      const m = byId.get(id);
      if (!m || (since && m.updatedAt < since)) continue;
      rows.push({
        tmdbId: m._id,
        title: m.title,
        originalTitle: m.originalTitle,
        originalLanguage: m.originalLanguage,
        originalLanguageName: m.originalLanguageName,
        releaseDate: m.releaseDate ? m.releaseDate.toISOString().slice(0, 10) : null,
        releaseYear: m.releaseYear,
        // Unknown money (TMDB's 0) is null here, as in the BI replica: one contract for analysts.
        budget: knownMoney(m.budget),
        revenue: knownMoney(m.revenue),
        profit: knownMoney(m.budget) === null || knownMoney(m.revenue) === null ? null : m.revenue - m.budget,
        voteAverage: m.voteAverage,
        voteCount: m.voteCount,
        popularity: m.popularity,
        runtime: m.runtime,
        updatedAt: m.updatedAt.toISOString(),
      });
    }
    return rows;
  }
}

/** One page of (movie, genre) rows over the given movies (in their order), from the model's genre sets. */
function genreRows(store: MovieStore, ids: Int32Array, skip: number, limit: number): { rows: FlatRow[]; total: number } {
  const rows: FlatRow[] = [];
  let total = 0;
  for (const id of ids) {
    const slot = store.slotOf(id);
    const pairs = store.genreSets[store.genreSet[slot]!]!.pairs;
    for (const pair of pairs) {
      if (total >= skip && rows.length < limit) {
        const genre = store.genrePairs[pair]!;
        rows.push({ tmdbId: id, genreId: genre.id, genre: genre.name });
      }
      total++;
    }
  }
  return { rows, total };
}
