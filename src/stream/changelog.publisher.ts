import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { encodeMovieChange, MOVIE_CHANGE_SCHEMA, type MovieChange } from '../movies/movie-change.js';
import { KafkaProducerService } from './kafka-producer.service.js';
import { StreamMetrics } from './stream.metrics.js';
import { MESSAGE_HEADERS } from './topics.js';

/**
 * Publishes the feed of stored changes: after each MongoDB write, what MongoDB now holds for every
 * movie of the batch, keyed by TMDB id. Sent before the consumer commits its offsets, so a crash
 * in between redelivers the batch and the persister publishes again (also for movies it finds
 * already stored): no reader stays behind MongoDB.
 */
@Injectable()
export class ChangelogPublisher {
  private readonly topic: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly kafka: KafkaProducerService,
    private readonly metrics: StreamMetrics,
  ) {
    this.topic = config.kafka.topics.changelog;
  }

  async publish(changes: readonly MovieChange[]): Promise<void> {
    if (changes.length === 0) return;
    const started = process.hrtime.bigint();
    const schema = String(MOVIE_CHANGE_SCHEMA);
    const messages = changes.map((change) => ({
      key: String(change.tmdbId),
      value: encodeMovieChange(change),
      headers: { [MESSAGE_HEADERS.schemaVersion]: schema },
    }));
    await this.kafka.send(this.topic, messages);
    const bytes = messages.reduce((sum, m) => sum + m.value.length, 0);
    this.metrics.recordFeed(Number(process.hrtime.bigint() - started) / 1e9, messages.length, bytes);
  }
}
