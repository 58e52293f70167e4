import { Module } from '@nestjs/common';
import { MoviesModule } from '../movies/movies.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsMetrics } from './analytics.metrics.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { AnalyticsTablesController } from './analytics-tables.controller.js';
import { AnalyticsTablesService } from './analytics-tables.service.js';

/** Read-only answers over the movies (MoviesModule exports the model and the data version). */
@Module({
  imports: [MoviesModule],
  controllers: [AnalyticsController, AnalyticsTablesController],
  providers: [AnalyticsRepository, AnalyticsService, AnalyticsTablesService, AnalyticsMetrics],
})
export class AnalyticsModule {}
