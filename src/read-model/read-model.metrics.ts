import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import type { ReadModelStatus } from './read-model.status.js';

/** The read model in Prometheus: size, memory, how far behind the feed it is, whether it is ready. */
@Injectable()
export class ReadModelMetrics {
  readonly applied: Counter;
  readonly refused: Counter;
  readonly bootSeconds: Gauge;
  private readonly movies: Gauge;
  private readonly lag: Gauge;
  private readonly ready: Gauge;
  private readonly feedUp: Gauge;
  private readonly bytesPerMovie: Gauge;
  private readonly titleBytesPerMovie: Gauge;
  private readonly asOfAge: Gauge;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
    this.applied = new Counter({
      name: 'read_model_changes_applied_total',
      help: 'Feed entries that changed the read model (newer than the copy held).',
      registers: [registry],
    });
    this.refused = new Counter({
      name: 'read_model_changes_refused_total',
      help: 'Feed entries refused as malformed (logged with their offset).',
      registers: [registry],
    });
    this.bootSeconds = gauge('read_model_boot_seconds', 'Seconds from boot until the read model was ready (snapshot loaded).');
    this.movies = gauge('read_model_movies', 'Movies held by the read model.');
    this.lag = gauge('read_model_feed_lag', 'Feed entries published but not yet applied by this process.');
    this.ready = gauge('read_model_ready', '1 once the read model has loaded its snapshot.');
    this.feedUp = gauge('read_model_feed_up', '1 while the feed (Kafka) answers.');
    this.bytesPerMovie = gauge('read_model_bytes_per_movie', 'Bytes of the numeric columns and id index per movie held.');
    this.titleBytesPerMovie = gauge('read_model_title_bytes_per_movie', 'Bytes of the titles (UTF-8 arena and offsets) per movie held.');
    this.asOfAge = gauge('read_model_as_of_age_seconds', 'Seconds since asOf: how far back the model is known to be complete.');
  }

  observe(status: ReadModelStatus): void {
    this.movies.set(status.movies);
    this.lag.set(status.lag);
    this.ready.set(status.state === 'ready' ? 1 : 0);
    this.feedUp.set(status.feed.up ? 1 : 0);
    this.bytesPerMovie.set(status.bytesPerMovie);
    this.titleBytesPerMovie.set(status.titleBytesPerMovie);
    if (status.asOf) this.asOfAge.set((Date.now() - Date.parse(status.asOf)) / 1000);
  }
}
