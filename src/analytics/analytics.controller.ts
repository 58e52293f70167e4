import { Controller, Get, UseInterceptors, Query, Req, Res, type Type } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ReadAccess } from '../common/api-key.guard.js';
import { InFlightLimit } from './in-flight.limit.js';
import { ApiErrorResponses, ApiReadKeyResponses } from '../common/dto/error.view.js';
import { ANALYTICS_INDEX, ANALYTICS_INDEX_ETAG, indexRows } from './analytics.index.js';
import { sendReply, formatOf } from './analytics.http.js';
import { AnalyticsService, matchesEtag } from './analytics.service.js';
import { AnswerQueryDto } from './dto/answer.query.dto.js';
import { ApiAnswerResponses } from './dto/answer.responses.js';
import { IndexView } from './dto/answer.view.js';
import { QUESTION_UNITS, QUESTIONS, type AnswerName } from './questions/index.js';

/**
 * The analytics routes: the index, and one `GET /analytics/<route>` per question of the registry
 * (src/analytics/questions), each validated against its question's DTO and documented with its
 * question and definition. The routes are made from the registry below, so a question is added
 * in its own file and one line of the registry, not here.
 */
@ApiTags('analytics')
@ApiErrorResponses()
@ApiReadKeyResponses()
@ReadAccess()
@UseInterceptors(InFlightLimit)
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

  /** One question's answer: 304, JSON or CSV. */
  async answer(name: AnswerName, query: AnswerQueryDto, req: Request, res: Response): Promise<void> {
    const format = formatOf(req, query.format);
    const reply = await this.analytics.reply(name, query, format, req.headers['if-none-match']);
    const unit = QUESTIONS[name];
    sendReply(res, reply, format, name, (body) => ({ columns: unit.columns.map((c) => c.id), rows: unit.rows(body) }));
  }
}

/**
 * Adds to a controller one GET handler per entry, as if each were written out with its decorators:
 * `@Get(route)`, `@Query()` typed with the DTO (so the global ValidationPipe checks it and OpenAPI
 * documents it), `@Req()`, `@Res()`, and the entry's own method decorators.
 */
export function addRoutes<C extends object>(
  controller: Type<C>,
  routes: {
    method: string;
    route: string;
    query: Type<unknown>;
    decorators: MethodDecorator[];
    handle: (self: C, query: never, req: Request, res: Response) => Promise<void>;
  }[],
): void {
  const prototype = controller.prototype as Record<string, unknown>;
  for (const { method, route, query, decorators, handle } of routes) {
    if (method in prototype) throw new Error(`${controller.name} already has a method ${method}`);
    const handler = async function (this: C, q: never, req: Request, res: Response): Promise<void> {
      await handle(this, q, req, res);
    };
    // Tools that read route metadata by the handler's name (the OpenAPI explorer) need it named.
    Object.defineProperty(handler, 'name', { value: method });
    prototype[method] = handler;
    Reflect.defineMetadata('design:paramtypes', [query, Object, Object], prototype, method);
    Reflect.defineMetadata('design:returntype', Promise, prototype, method);
    Query()(prototype, method, 0);
    Req()(prototype, method, 1);
    Res()(prototype, method, 2);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
    for (const decorate of [Get(route), ...decorators]) decorate(prototype, method, descriptor);
  }
}

addRoutes(
  AnalyticsController,
  QUESTION_UNITS.map((unit) => ({
    method: unit.name,
    route: unit.route,
    query: unit.query,
    decorators: [ApiOperation({ summary: unit.question, description: unit.definition }), ApiAnswerResponses(unit.response)],
    handle: (self: AnalyticsController, query: AnswerQueryDto, req, res) => self.answer(unit.name, query, req, res),
  })),
);
