import { Module } from '@nestjs/common';
import { JobProgressRepository } from './job-progress.repository.js';

/**
 * Pipeline state, one owner: what the consumers have handled of each ingest job, and which
 * jobs are producing. Ingest and stream write it; the read model reads it. It imports no
 * feature module, so every import points down to it.
 */
@Module({
  providers: [JobProgressRepository],
  exports: [JobProgressRepository],
})
export class PipelineModule {}
