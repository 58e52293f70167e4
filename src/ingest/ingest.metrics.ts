import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';

@Injectable()
export class IngestMetrics {
  readonly produced: Counter<'source'>;
  readonly duration: Histogram<'source' | 'state'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.produced = new Counter({
      name: 'movies_produced_total',
      help: 'Movies acknowledged by Kafka, by ingest source.',
      labelNames: ['source'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ingest_job_duration_seconds',
      help: 'Wall time of finished ingest jobs.',
      labelNames: ['source', 'state'],
      buckets: [1, 5, 15, 60, 300, 900, 3600, 14_400],
      registers: [registry],
    });
  }
}
