import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';

/** What one persisted chunk came to (the persister's result, which these metrics count). */
export interface PersistOutcome {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deadLettered: number;
}

/** Counts what the consumer did; the benchmark and tests read the totals, Prometheus the counters. */
@Injectable()
export class StreamMetrics {
  readonly totals = { received: 0, inserted: 0, updated: 0, unchanged: 0, deadLettered: 0, batches: 0, retries: 0 };
  private readonly persisted: Counter<'outcome'>;
  private readonly deadLettered: Counter;
  private readonly retries: Counter;
  readonly lag: Gauge<'topic' | 'partition'>;
  /** The feed of stored changes: what publishing it costs the consumer. */
  readonly feedPublish: Histogram;
  readonly feedBytes: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.persisted = new Counter({
      name: 'movies_persisted_total',
      help: 'Movies handled by the consumer, by outcome (inserted, updated, unchanged).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.deadLettered = new Counter({ name: 'movies_dead_lettered_total', help: 'Messages sent to the dead-letter topic.', registers: [registry] });
    this.retries = new Counter({
      name: 'consumer_batch_retries_total',
      help: 'Batches retried after an infrastructure failure (MongoDB down, timeout).',
      registers: [registry],
    });
    this.feedPublish = new Histogram({
      name: 'feed_publish_seconds',
      help: 'Seconds a chunk spent publishing its stored changes to the feed (acknowledged by Kafka).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.feedBytes = new Counter({
      name: 'feed_published_bytes_total',
      help: 'Bytes of stored changes published to the feed (values).',
      registers: [registry],
    });
    this.feedMessages = new Counter({ name: 'feed_published_messages_total', help: 'Stored changes published to the feed.', registers: [registry] });
    this.lag = new Gauge({
      name: 'consumer_lag_messages',
      help: 'Messages behind the end of each partition, after the last batch.',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    });
  }

  recordFeed(seconds: number, messages: number, bytes: number): void {
    this.feedPublish.observe(seconds);
    this.feedBytes.inc(bytes);
    this.feedMessages.inc(messages);
  }

  private readonly feedMessages: Counter;

  recordPersisted(outcome: PersistOutcome): void {
    this.totals.batches++;
    this.totals.received += outcome.received;
    this.totals.inserted += outcome.inserted;
    this.totals.updated += outcome.updated;
    this.totals.unchanged += outcome.unchanged;
    this.totals.deadLettered += outcome.deadLettered;
    this.persisted.inc({ outcome: 'inserted' }, outcome.inserted);
    this.persisted.inc({ outcome: 'updated' }, outcome.updated);
    this.persisted.inc({ outcome: 'unchanged' }, outcome.unchanged);
    this.deadLettered.inc(outcome.deadLettered);
  }

  recordRetry(): void {
    this.totals.retries++;
    this.retries.inc();
  }
}
