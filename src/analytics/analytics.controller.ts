import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReadAccess } from '../common/api-key.guard.js';
import { ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { QUESTIONS, type AnswerName } from './analytics.catalog.js';
import { ANALYTICS_INDEX, ANALYTICS_INDEX_ETAG, indexRows } from './analytics.index.js';
import { sendReply, formatOf } from './analytics.http.js';
import { AnalyticsService, matchesEtag } from './analytics.service.js';
import { FLAT_ANSWERS } from './analytics.tables.js';
import { AnswerQueryDto } from './dto/answer.query.dto.js';
import { ApiAnswerResponses } from './dto/answer.responses.js';
import {
  DataQualityAnswer,
  ExtremesAnswer,
  GenresAnswer,
  IndexView,
  LanguagesAnswer,
  RevenueVsBudgetAnswer,
  TopMoviesAnswer,
  TopRatedYearsAnswer,
  TopRevenuePerYearAnswer,
} from './dto/answer.view.js';
import { DataQualityQueryDto } from './dto/data-quality.query.dto.js';
import { ExtremesQueryDto } from './dto/extremes.query.dto.js';
import { GenresQueryDto } from './dto/genres.query.dto.js';
import { LanguagesQueryDto } from './dto/languages.query.dto.js';
import { RevenueVsBudgetQueryDto } from './dto/revenue-vs-budget.query.dto.js';
import { TopMoviesQueryDto } from './dto/top-movies.query.dto.js';
import { TopRatedYearsQueryDto } from './dto/top-rated-years.query.dto.js';
import { TopRevenuePerYearQueryDto } from './dto/top-revenue-per-year.query.dto.js';

const describe = (name: AnswerName) => ApiOperation({ summary: QUESTIONS[name].question, description: QUESTIONS[name].definition });

@ApiTags('analytics')
@ApiErrorResponses()
@ApiReadKeyResponses()
@ReadAccess()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({ summary: 'Every analytics endpoint: its question, definition and parameters with defaults.' })
  @ApiAnswerResponses(IndexView)
  index(@Query() query: AnswerQueryDto, @Req() req: Request, @Res() res: Response): void {
    const body = matchesEtag(req.headers['if-none-match'], ANALYTICS_INDEX_ETAG) ? null : ANALYTICS_INDEX;
    sendReply(res, { etag: ANALYTICS_INDEX_ETAG, body }, formatOf(req, query.format), 'analytics', (index) => ({
      columns: ['path', 'question', 'definition', 'params'],
      rows: indexRows(index),
    }));
  }

  @Get('languages')
  @describe('languages')
  @ApiAnswerResponses(LanguagesAnswer)
  async languages(@Query() query: LanguagesQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('languages', query, req, res);
  }

  @Get('top-rated/years')
  @describe('topRatedYears')
  @ApiAnswerResponses(TopRatedYearsAnswer)
  async topRatedYears(@Query() query: TopRatedYearsQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('topRatedYears', query, req, res);
  }

  @Get('genres')
  @describe('genres')
  @ApiAnswerResponses(GenresAnswer)
  async genres(@Query() query: GenresQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('genres', query, req, res);
  }

  @Get('movies/extremes')
  @describe('extremes')
  @ApiAnswerResponses(ExtremesAnswer)
  async extremes(@Query() query: ExtremesQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('extremes', query, req, res);
  }

  @Get('movies/top')
  @describe('topMovies')
  @ApiAnswerResponses(TopMoviesAnswer)
  async topMovies(@Query() query: TopMoviesQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('topMovies', query, req, res);
  }

  @Get('revenue/top-per-year')
  @describe('topRevenuePerYear')
  @ApiAnswerResponses(TopRevenuePerYearAnswer)
  async topRevenuePerYear(@Query() query: TopRevenuePerYearQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('topRevenuePerYear', query, req, res);
  }

  @Get('revenue-vs-budget')
  @describe('revenueVsBudget')
  @ApiAnswerResponses(RevenueVsBudgetAnswer)
  async revenueVsBudget(@Query() query: RevenueVsBudgetQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('revenueVsBudget', query, req, res);
  }

  @Get('data-quality')
  @describe('dataQuality')
  @ApiAnswerResponses(DataQualityAnswer)
  async dataQuality(@Query() query: DataQualityQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer('dataQuality', query, req, res);
  }

  private async answer(name: AnswerName, query: AnswerQueryDto, req: Request, res: Response): Promise<void> {
    const format = formatOf(req, query.format);
    const reply = await this.analytics.reply(name, query, format, req.headers['if-none-match']);
    sendReply(res, reply, format, name, (body) => ({ columns: FLAT_ANSWERS[name].columns.map((c) => c.id), rows: FLAT_ANSWERS[name].rows(body) }));
  }
}
