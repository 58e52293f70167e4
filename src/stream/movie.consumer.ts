import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { KafkaBatchContext } from './kafka-batch.transport.js';
import { MoviePersister } from './movie-persister.service.js';
import type { RawMovieRecord } from './raw-movie-record.js';
import { MOVIE_BATCH_PATTERN } from './topics.js';

/**
 * The movie topic's handler. It takes a batch of raw records (the batch transport
 * hands them over undecoded), so validation happens per record in the persister and
 * a bad record is dead-lettered instead of failing the batch.
 */
@Controller()
export class MovieConsumer {
  constructor(private readonly persister: MoviePersister) {}

  @EventPattern(MOVIE_BATCH_PATTERN)
  async persistBatch(@Payload() records: RawMovieRecord[], @Ctx() context: unknown): Promise<void> {
    // Read when the write is recorded, not now: another partition's chunk may finish in between.
    await this.persister.persist(records, { backlog: context instanceof KafkaBatchContext ? () => context.getBacklog() : 0 });
  }
}
