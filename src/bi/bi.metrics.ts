import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import type { BiReplicaStatus } from './bi-replica.status.js';

/** The BI replica in Prometheus: how far behind the feed PostgreSQL is, and whether it answers. */
@Injectable()
export class BiMetrics {
  readonly applied: Counter;
  readonly refused: Counter;
  readonly batchSeconds: Histogram;
  private readonly lag: Gauge;
  private readonly databaseUp: Gauge;
  private readonly feedUp: Gauge;
  private readonly asOfAge: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
    this.applied = new Counter({
      name: 'bi_replica_changes_applied_total',
      help: 'Feed entries that changed a row in PostgreSQL (newer than the row held).',
      registers: [registry],
    });
    this.refused = new Counter({
      name: 'bi_replica_changes_refused_total',
      help: 'Feed entries refused as malformed (logged with their offset).',
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: 'bi_replica_batch_seconds',
      help: 'Time to apply one feed batch to PostgreSQL (one transaction).',
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    });
    this.lag = gauge('bi_replica_feed_lag', 'Feed entries published but not yet applied to PostgreSQL (all partitions, all BI writers).');
    this.databaseUp = gauge('bi_replica_database_up', '1 while PostgreSQL answers the BI writer.');
    this.feedUp = gauge('bi_replica_feed_up', '1 while the feed (Kafka) answers the BI writer.');
    this.asOfAge = gauge('bi_replica_as_of_age_seconds', 'Seconds since asOf: how far back PostgreSQL is known to hold every stored change.');
  }

  observe(status: BiReplicaStatus): void {
    this.lag.set(status.lag ?? 0);
    this.databaseUp.set(status.database.up ? 1 : 0);
    this.feedUp.set(status.feed.up ? 1 : 0);
    if (status.asOf) this.asOfAge.set((Date.now() - Date.parse(status.asOf)) / 1000);
  }
}
