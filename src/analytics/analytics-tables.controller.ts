import { Controller, Get, UseInterceptors, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReadAccess } from '../common/api-key.guard.js';
import { InFlightLimit } from './in-flight.limit.js';
import { ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { AnalyticsTablesService, type TableName } from './analytics-tables.service.js';
import { formatOf, sendReply } from './analytics.http.js';
import type { FlatRow } from './analytics.tables.js';
import { ApiAnswerResponses } from './dto/answer.responses.js';
import { TableView } from './dto/answer.view.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';
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
