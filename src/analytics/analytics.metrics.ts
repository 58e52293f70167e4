import { Inject, Injectable } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Where an answer's time goes when it is computed from the read model (memoised answers are not observed). */
@Injectable()
export class AnalyticsMetrics {
  readonly compute: Histogram<'answer' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.compute = new Histogram({
      name: 'analytics_compute_seconds',
      help: 'Seconds an answer took to compute from the read model (titles from MongoDB included), by answer and outcome (ok, error).',
      labelNames: ['answer', 'outcome'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }
}
