import { Controller, Get, UseInterceptors, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { once } from 'node:events';
import type { Request, Response } from 'express';
import { ReadAccess } from '../common/api-key.guard.js';
import { InFlightLimit } from './in-flight.limit.js';
import { ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { AnalyticsTablesService, type TableName } from './analytics-tables.service.js';
import { formatOf, sendReply } from './analytics.http.js';
import type { FlatRow } from './analytics.tables.js';
import { ApiAnswerResponses } from './dto/answer.responses.js';
import { TableView } from './dto/answer.view.js';
import { MovieTableQueryDto, TableExportQueryDto, TableQueryDto } from './dto/table.query.dto.js';
import { addRoutes } from './analytics.controller.js';
import { QUESTION_UNITS } from './questions/index.js';

/** Flat paged tables for BI tools: `{ table, page, pageSize, total, nextPage, columns, rows }`, or CSV. */
@ApiTags('analytics tables')
@ApiErrorResponses()
@ApiReadKeyResponses()
@ReadAccess()
@UseInterceptors(InFlightLimit)
@Controller('analytics/tables')
export class AnalyticsTablesController {
  constructor(private readonly tables: AnalyticsTablesService) {}

  @Get('movies')
  @ApiOperation({ summary: 'Every movie as a flat row, in TMDB id order; updatedSince for incremental refresh.' })
  @ApiAnswerResponses(TableView)
  async movies(@Query() query: MovieTableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('movies', query, req, res);
  }

  @Get('movie-genres')
  @ApiOperation({ summary: 'One row per (movie, genre), paged in the same order as the movies table.' })
  @ApiAnswerResponses(TableView)
  async movieGenres(@Query() query: MovieTableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('movie-genres', query, req, res);
  }

  @Get('movies/export')
  @ApiOperation({
    summary:
      'Every movie (or those changed at or after updatedSince) as one CSV, streamed with bounded memory: for tools that load a whole table in one request, such as Tableau’s REST API connector.',
  })
  @ApiProduces('text/csv')
  async exportMovies(@Query() query: TableExportQueryDto, @Res() res: Response): Promise<void> {
    await this.export('movies', query, res);
  }

  @Get('movie-genres/export')
  @ApiOperation({ summary: 'Every (movie, genre) row as one CSV, streamed with bounded memory, in the order of the movies export.' })
  @ApiProduces('text/csv')
  async exportMovieGenres(@Query() query: TableExportQueryDto, @Res() res: Response): Promise<void> {
    await this.export('movie-genres', query, res);
  }

  /** Streams the parts of an export, each written before the next is read (backpressure). */
  private async export(table: 'movies' | 'movie-genres', query: TableExportQueryDto, res: Response): Promise<void> {
    const parts = this.tables.exportCsv(table, query.updatedSince ?? null);
    // The first part (the header) comes after the model was checked, so a 503 is still a clean error response.
    const first = await parts.next();
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${table}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    const closed = once(res, 'close').catch(() => undefined);
    try {
      if (!first.done) res.write(first.value);
      for await (const part of parts) {
        if (res.destroyed) return;
        if (!res.write(part)) await Promise.race([once(res, 'drain'), closed]);
      }
      res.end();
    } catch (error) {
      // Past the header the status is sent: a failure mid-export (MongoDB gone) cuts the response, so the client sees it incomplete.
      res.destroy(error as Error);
    }
  }

  /** One page of a table: 304, JSON or CSV. */
  async send(table: TableName, query: TableQueryDto, req: Request, res: Response): Promise<void> {
    const format = formatOf(req, query.format);
    const reply = await this.tables.reply(table, query, format, req.headers['if-none-match']);
    sendReply(res, reply, format, `table-${table}`, (body) => ({ columns: body.columns.map((c) => c.id), rows: body.rows as FlatRow[] }));
  }
}

// The tables of the answers at default parameters: one route per question that has a table.
addRoutes(
  AnalyticsTablesController,
  QUESTION_UNITS.flatMap((unit) =>
    unit.table
      ? [
          {
            method: `table_${unit.name}`,
            route: unit.table.route,
            query: TableQueryDto,
            decorators: [ApiOperation({ summary: unit.table.definition }), ApiAnswerResponses(TableView)],
            handle: (self: AnalyticsTablesController, query: TableQueryDto, req: Request, res: Response) => self.send(unit.table!.route, query, req, res),
          },
        ]
      : [],
  ),
);
