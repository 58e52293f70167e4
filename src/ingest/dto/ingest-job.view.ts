import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATES, type IngestJob } from '../jobs/ingest-job.schema.js';

class JobProgressView {
  @ApiProperty() pagesRead!: number;
  @ApiProperty({ nullable: true, type: Number }) totalPages!: number | null;
  @ApiProperty() moviesRead!: number;
  @ApiProperty({ description: 'Acknowledged by Kafka.' }) produced!: number;
  @ApiProperty({
    description:
      'Written to (or confirmed in) MongoDB by the consumers. Each message counts once, also when a batch is delivered again after a restart; a batch the job produced again after a crash (past its last checkpoint) is two sets of messages, so persisted may exceed produced by that batch. Completion is judged by offsets, not by these counts.',
  })
  persisted!: number;
  @ApiProperty({ description: 'Could not be read or mapped; see failures.' }) failed!: number;
  @ApiProperty({ description: 'Refused by the consumer, on the dead-letter topic.' }) deadLettered!: number;
}

class JobFailureView {
  @ApiProperty() ref!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() at!: Date;
}

export class IngestJobView {
  @ApiProperty() id!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ type: Object }) options!: Record<string, unknown>;
  @ApiProperty({
    enum: JOB_STATES,
    description: 'persisting: everything is produced and the consumers are still writing it; completed: all of it persisted or dead-lettered.',
  })
  state!: string;
  @ApiProperty({ type: JobProgressView }) progress!: JobProgressView;
  @ApiPropertyOptional({ type: Object, nullable: true }) checkpoint!: Record<string, unknown> | null;
  @ApiProperty({ type: [JobFailureView], description: 'The latest failures (at most 100).' }) failures!: JobFailureView[];
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() trigger!: string;
  @ApiProperty() resumes!: number;
  @ApiProperty() cancelRequested!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds from start to finish (or to now while running).' }) elapsedSeconds!: number | null;

  static of(job: IngestJob): IngestJobView {
    // The consumers' marks and the produced ends are pipeline bookkeeping, not part of the view.
    const { _id, consumed: _marks, producedEnds: _ends, ...rest } = job as IngestJob & { consumed?: unknown; producedEnds?: unknown };
    const end = job.finishedAt ?? (job.state === 'running' ? new Date() : null);
    return { id: _id, ...rest, elapsedSeconds: job.startedAt && end ? Math.round((end.getTime() - new Date(job.startedAt).getTime()) / 100) / 10 : null };
  }
}
