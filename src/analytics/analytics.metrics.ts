import { Inject, Injectable } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';

const BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Where an answer's time goes when it is computed: waiting for one of the aggregation slots,
 * then the aggregation itself. Cached answers are not observed; HTTP latency is
 * http_request_duration_seconds.
 */
@Injectable()
export class AnalyticsMetrics {
  readonly wait: Histogram<'answer'>;
  readonly run: Histogram<'answer' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.wait = new Histogram({
      name: 'analytics_aggregation_wait_seconds',
      help: 'Seconds an answer waited for an aggregation slot before computing.',
      labelNames: ['answer'],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.run = new Histogram({
      name: 'analytics_aggregation_seconds',
      help: 'Seconds an answer took to compute in the database, by answer and outcome (ok, error).',
      labelNames: ['answer', 'outcome'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }
}
