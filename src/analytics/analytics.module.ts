import { Module } from '@nestjs/common';
import { MoviesModule } from '../movies/movies.module.js';
import { ReadModelModule } from '../read-model/read-model.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsMetrics } from './analytics.metrics.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsTablesController } from './analytics-tables.controller.js';
import { AnalyticsTablesService } from './analytics-tables.service.js';
import { InFlightLimit } from './in-flight.limit.js';
import { MongoAnswers } from './verify/mongo-answers.js';
import { VerifyController } from './verify/verify.controller.js';

/** Answers over the read model; MongoDB aggregations only to verify them (VerifyController). */
@Module({
  imports: [MoviesModule, ReadModelModule],
  controllers: [AnalyticsController, AnalyticsTablesController, VerifyController],
  providers: [InFlightLimit, AnalyticsRepository, AnalyticsService, AnalyticsTablesService, AnalyticsMetrics, MongoAnswers],
})
export class AnalyticsModule {}
