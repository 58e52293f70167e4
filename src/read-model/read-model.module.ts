import { Module } from '@nestjs/common';
import { MoviesModule } from '../movies/movies.module.js';
import { PipelineModule } from '../pipeline/pipeline.module.js';
import { ReadModelMetrics } from './read-model.metrics.js';
import { ReadModel } from './read-model.service.js';

/** The serving process's copy of the movies, kept current from the feed of stored changes. */
@Module({
  imports: [MoviesModule, PipelineModule],
  providers: [ReadModel, ReadModelMetrics],
  exports: [ReadModel],
})
export class ReadModelModule {}
