import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';

/** A partition whose chunk the consumer keeps retrying: since when, how often, and the last failure. */
export interface PartitionRetry {
  topic: string;
  partition: number;
  /** When the first failed attempt of this chunk ended (ISO 8601). */
  since: string;
  attempts: number;
  lastError: string;
}

/** An error message as /health shows it: one line, at most this long (a driver's message can run to pages). */
const ERROR_CHARS = 300;

/**
 * What the consumer of this process is stuck on, if anything: the partitions whose current chunk failed and is being
 * retried (the partition waits, nothing past the chunk is committed). A chunk that succeeds, or that the consumer
 * gives up because it lost the partition or is stopping, clears its partition. /health reports it as `consumer`,
 * Prometheus as `consumer_partitions_retrying`; a retry that goes on for minutes is a failure an operator must see,
 * not only a counter that grows.
 */
@Injectable()
export class ConsumerStatus {
  private readonly retrying = new Map<string, PartitionRetry>();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const retrying = this.retrying;
    // Read off the map at each scrape, so the two never disagree.
    new Gauge({
      name: 'consumer_partitions_retrying',
      help: 'Partitions whose current chunk failed and is being retried (0 when the consumer is moving).',
      registers: [registry],
      collect() {
        this.set(retrying.size);
      },
    });
  }

  /** A chunk of this partition failed (again). */
  failed(topic: string, partition: number, error: Error): void {
    const key = `${topic}/${partition}`;
    const lastError = error.message.replace(/\s+/g, ' ').slice(0, ERROR_CHARS);
    const known = this.retrying.get(key);
    if (known) {
      known.attempts++;
      known.lastError = lastError;
    } else this.retrying.set(key, { topic, partition, since: new Date().toISOString(), attempts: 1, lastError });
  }

  /** The partition's chunk went through, or the consumer let go of it. */
  settled(topic: string, partition: number): void {
    this.retrying.delete(`${topic}/${partition}`);
  }

  /** In the order they began failing, oldest first. */
  snapshot(): { retrying: PartitionRetry[] } {
    return { retrying: [...this.retrying.values()].map((r) => ({ ...r })) };
  }
}
