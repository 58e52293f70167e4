import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';
import { PipelineModule } from '../pipeline/pipeline.module.js';
import { StreamModule } from '../stream/stream.module.js';
import { TmdbModule } from '../tmdb/tmdb.module.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';
import { IngestScheduler } from './ingest.scheduler.js';
import { IngestMetrics } from './ingest.metrics.js';
import { IngestJob, IngestJobSchema } from './jobs/ingest-job.schema.js';
import { IngestJobRepository } from './jobs/ingest-job.repository.js';
import { Lease, LeaseSchema } from './jobs/lease.schema.js';
import { LeaseRepository } from './jobs/lease.repository.js';
import { SourceFactory } from './sources/source.factory.js';
import { UploadStore } from './upload.store.js';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    MongooseModule.forFeature([
      { name: IngestJob.name, schema: IngestJobSchema },
      { name: Lease.name, schema: LeaseSchema },
    ]),
    StreamModule,
    PipelineModule,
    TmdbModule,
  ],
  controllers: [IngestController],
  providers: [IngestService, IngestScheduler, IngestMetrics, IngestJobRepository, LeaseRepository, SourceFactory, UploadStore],
  exports: [IngestService],
})
export class IngestModule {}
