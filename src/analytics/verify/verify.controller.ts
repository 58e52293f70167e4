import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { AdminOnly } from '../../common/api-key.guard.js';
import { ReadModel, type ReadModelStatus } from '../../read-model/read-model.service.js';
import { QUESTIONS, type AnswerName } from '../questions/index.js';
import { AnalyticsService, ENVELOPE_FIELDS } from '../analytics.service.js';
import { differences } from './answer-diff.js';
import { MongoAnswers, NOT_VERIFIED_BY_MONGO } from './mongo-answers.js';

export interface VerifyReport {
  /** The model's state before and after the comparison; a comparison is only meaningful when it stood still and was settled. */
  before: ReadModelStatus;
  after: ReadModelStatus;
  comparable: boolean;
  answers: { answer: AnswerName; params: Record<string, unknown>; differences: string[] }[];
  /** Questions without a MongoDB counterpart, and why (see NOT_VERIFIED_BY_MONGO). */
  notVerified: { answer: AnswerName; reason: string }[];
}

/**
 * Compares this process's answers (from its read model) with the same answers computed by
 * MongoDB aggregations: the check behind `npm run verify:answers`. Admin only; it scans the
 * collection once per question, so it is for operators and tests, not for dashboards.
 */
@ApiTags('operations')
@SkipThrottle()
@AdminOnly()
@Controller('admin')
export class VerifyController {
  constructor(
    private readonly model: ReadModel,
    private readonly analytics: AnalyticsService,
    private readonly mongo: MongoAnswers,
  ) {}

  @Get('verify-answers')
  @ApiOperation({ summary: "Each answer (default parameters) from this process's read model against the same answer from MongoDB aggregations." })
  async verify(): Promise<VerifyReport> {
    this.model.assertReady();
    const before = this.model.status();
    const answers: VerifyReport['answers'] = [];
    const notVerified: VerifyReport['notVerified'] = [];
    for (const name of Object.keys(QUESTIONS) as AnswerName[]) {
      const reason = NOT_VERIFIED_BY_MONGO[name];
      if (reason !== undefined) {
        notVerified.push({ answer: name, reason });
        continue;
      }
      const params = this.analytics.defaults(name);
      const fromModel = stripEnvelope(await this.analytics.answer(name, params));
      const fromMongo = await this.mongo.compute(name, params);
      answers.push({ answer: name, params, differences: differences(fromModel, fromMongo) });
    }
    const after = this.model.status();
    return { before, after, comparable: before.settled && after.settled && before.dataVersion === after.dataVersion, answers, notVerified };
  }
}

function stripEnvelope(answer: object): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...answer };
  for (const field of ENVELOPE_FIELDS) delete copy[field];
  return copy;
}
