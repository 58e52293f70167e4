import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import { ReadModel } from '../read-model/read-model.service.js';
import { LAYOUT_KEYS, layoutBuilds, layoutState } from './compute/genre-layout.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Where an answer's time goes when it is computed from the read model (memoised answers are not observed), and the
 * genre layouts (compute/genre-layout.ts): whether each is current, and what making them has cost.
 */
@Injectable()
export class AnalyticsMetrics {
  readonly compute: Histogram<'answer' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, model: ReadModel) {
    new Gauge({
      name: 'analytics_layout_current',
      help: '1 while the layout of genre × `by` (language, year, decade) is of the model as it is (those cuts are answered from it); 0 while the general engine answers them (none asked for yet, or the model changed since).',
      labelNames: ['by'],
      registers: [registry],
      collect() {
        for (const by of LAYOUT_KEYS) this.set({ by }, layoutState(model.store, by) === 'current' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'analytics_layout_builds',
      help: 'Times this process has made a genre layout (each once per pause of an ingest that its cut was asked after).',
      registers: [registry],
      collect() {
        this.set(layoutBuilds.count);
      },
    });
    new Gauge({
      name: 'analytics_layout_last_build_seconds',
      help: 'Seconds the last making of a genre layout took (the process answered nothing else meanwhile).',
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
