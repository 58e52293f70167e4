import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { MovieMessage } from './movie-message.dto.js';
import { KafkaProducerService } from './kafka-producer.service.js';
import { MESSAGE_HEADERS } from './topics.js';

/** Publishes movies to the movie topic, keyed by TMDB id so every copy of a movie lands on one partition, in order. */
@Injectable()
export class MovieProducer {
  private readonly topic: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kafka: KafkaProducerService,
  ) {
    this.topic = config.kafka.topics.movies;
  }

  /** Resolves once every message of the batch is acknowledged by the in-sync replicas. */
  async publish(movies: readonly MovieMessage[], jobId?: string): Promise<void> {
    await this.kafka.send(
      this.topic,
      movies.map((movie) => ({
        key: String(movie.tmdbId),
        value: JSON.stringify(movie),
        headers: {
          [MESSAGE_HEADERS.schemaVersion]: String(movie.schemaVersion),
          [MESSAGE_HEADERS.source]: movie.source,
          ...(jobId ? { [MESSAGE_HEADERS.jobId]: jobId } : {}),
        },
      })),
    );
  }
}
