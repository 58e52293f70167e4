import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReadAccess } from '../common/api-key.guard.js';
import { ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { AnalyticsTablesService, type TableName } from './analytics-tables.service.js';
import { formatOf, sendReply } from './analytics.http.js';
import type { FlatRow } from './analytics.tables.js';
import { ApiAnswerResponses } from './dto/answer.responses.js';
import { TableView } from './dto/answer.view.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';

/** Flat paged tables for BI tools: `{ table, page, pageSize, total, nextPage, columns, rows }`, or CSV. */
@ApiTags('analytics tables')
@ApiErrorResponses()
@ApiReadKeyResponses()
@ReadAccess()
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

  @Get('languages')
  @ApiOperation({ summary: 'The rows of /analytics/languages at default parameters.' })
  @ApiAnswerResponses(TableView)
  async languages(@Query() query: TableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('languages', query, req, res);
  }

  @Get('genres')
  @ApiOperation({ summary: 'The rows of /analytics/genres at default parameters.' })
  @ApiAnswerResponses(TableView)
  async genres(@Query() query: TableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('genres', query, req, res);
  }

  @Get('top-rated-years')
  @ApiOperation({ summary: 'The rows of /analytics/top-rated/years at default parameters.' })
  @ApiAnswerResponses(TableView)
  async topRatedYears(@Query() query: TableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('top-rated-years', query, req, res);
  }

  @Get('top-revenue-per-year')
  @ApiOperation({ summary: 'The rows of /analytics/revenue/top-per-year at default parameters, one per (year, rank).' })
  @ApiAnswerResponses(TableView)
  async topRevenuePerYear(@Query() query: TableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('top-revenue-per-year', query, req, res);
  }

  @Get('revenue-budget-points')
  @ApiOperation({ summary: 'The points of /analytics/revenue-vs-budget at default parameters.' })
  @ApiAnswerResponses(TableView)
  async revenueBudgetPoints(@Query() query: TableQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send('revenue-budget-points', query, req, res);
  }

  private async send(table: TableName, query: TableQueryDto, req: Request, res: Response): Promise<void> {
    const format = formatOf(req, query.format);
    const reply = await this.tables.reply(table, query, format, req.headers['if-none-match']);
    sendReply(res, reply, format, `table-${table}`, (body) => ({ columns: body.columns.map((c) => c.id), rows: body.rows as FlatRow[] }));
  }
}
