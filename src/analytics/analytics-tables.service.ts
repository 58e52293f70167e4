import { Injectable } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService, etagOf, matchesEtag, type Reply } from './analytics.service.js';
import {
  ANSWER_TABLES,
  FLAT_ANSWERS,
  MOVIE_GENRE_TABLE_COLUMNS,
  MOVIE_TABLE_COLUMNS,
  type AnswerTableName,
  type FlatRow,
  type TableColumn,
} from './analytics.tables.js';
import type { AnswerFormat } from './dto/answer.query.dto.js';
import type { TableView } from './dto/answer.view.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';
import { withDefaults } from './dto/query-params.js';

export type TableName = 'movies' | 'movie-genres' | AnswerTableName;

/**
 * Flat paged tables for BI tools (the dashboard, the Tableau connector): the movies and
 * their genres for incremental refresh, and the rows of the answers at default parameters.
 */
@Injectable()
export class AnalyticsTablesService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly repository: AnalyticsRepository,
  ) {}

  async reply(table: TableName, query: TableQueryDto | MovieTableQueryDto, format: AnswerFormat, ifNoneMatch: string | undefined): Promise<Reply<TableView>> {
    const incremental = table === 'movies' || table === 'movie-genres';
    const params = withDefaults(incremental ? MovieTableQueryDto : TableQueryDto, query) as { page: number; pageSize: number; updatedSince?: string | null };
    const version = await this.analytics.dataVersion();
    const etag = etagOf(version, `tables/${table}`, params, format);
    if (matchesEtag(ifNoneMatch, etag)) return { etag, body: null };

    const { page, pageSize } = params;
    const skip = (page - 1) * pageSize;
    let columns: TableColumn[];
    let rows: FlatRow[];
    let total: number;
    if (table === 'movies' || table === 'movie-genres') {
      const rowPage = { updatedSince: params.updatedSince ? new Date(params.updatedSince) : null, skip, limit: pageSize };
      if (table === 'movies') {
        const found = await this.repository.movieRows(rowPage);
        columns = MOVIE_TABLE_COLUMNS;
        rows = found.rows.map((m) => ({
          ...m,
          releaseDate: m.releaseDate ? m.releaseDate.toISOString().slice(0, 10) : null,
          updatedAt: m.updatedAt.toISOString(),
        }));
        total = found.total;
      } else {
        const found = await this.repository.movieGenreRows(rowPage);
        columns = MOVIE_GENRE_TABLE_COLUMNS;
        rows = found.rows.map((r) => ({ ...r }));
        total = found.total;
      }
    } else {
      const name = ANSWER_TABLES[table];
      const answer = await this.analytics.answer(name, this.analytics.defaults(name), version);
      const all = FLAT_ANSWERS[name].rows(answer);
      columns = FLAT_ANSWERS[name].columns;
      rows = all.slice(skip, skip + pageSize);
      total = all.length;
    }
    const body: TableView = {
      table,
      page,
      pageSize,
      total,
      nextPage: skip + rows.length < total ? page + 1 : null,
      dataVersion: version.generation,
      updatedAt: version.updatedAt?.toISOString() ?? null,
      columns,
      rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c.id, row[c.id] ?? null]))),
    };
    return { etag, body };
  }
}
