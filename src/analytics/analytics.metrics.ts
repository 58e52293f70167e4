import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import { ReadModel } from '../read-model/read-model.service.js';
import { layoutBuilds, layoutState } from './compute/genre-language-layout.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Where an answer's time goes when it is computed from the read model (memoised answers are not observed), and the
 * genre × language layout (compute/genre-language-layout.ts): whether it is current, and what making it has cost.
 */
@Injectable()
export class AnalyticsMetrics {
  readonly compute: Histogram<'answer' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, model: ReadModel) {
    new Gauge({
      name: 'analytics_layout_current',
      help: '1 while the genre × language layout is of the model as it is (those answers come from it); 0 while the general engine answers them.',
      registers: [registry],
      collect() {
        this.set(layoutState(model.store) === 'current' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'analytics_layout_builds',
      help: 'Times this process has made the genre × language layout (once per pause of an ingest that genre × language was asked after).',
      registers: [registry],
      collect() {
        this.set(layoutBuilds.count);
      },
    });
    new Gauge({
      name: 'analytics_layout_last_build_seconds',
      help: 'Seconds the last making of the genre × language layout took (the process answered nothing else meanwhile).',
      registers: [registry],
      collect() {
        this.set(layoutBuilds.lastSeconds);
      },
    });
    this.compute = new Histogram({
      name: 'analytics_compute_seconds',
      help: 'Seconds an answer took to compute from the read model (titles from MongoDB included), by answer and outcome (ok, error).',
      labelNames: ['answer', 'outcome'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }
}
