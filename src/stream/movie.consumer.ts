import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
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
  async persistBatch(@Payload() records: RawMovieRecord[]): Promise<void> {
    await this.persister.persist(records);
  }
}
