import { Module } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { METRICS_REGISTRY } from '../common/metrics.module.js';
import { TmdbClient } from './tmdb.client.js';

/** One TMDB client per process, so its rate limit and key pool are shared by every job. */
@Module({
  providers: [
    {
      provide: TmdbClient,
      inject: [APP_CONFIG, METRICS_REGISTRY],
      useFactory: (config: AppConfig, registry: Registry) => {
        const requests = new Counter({
          name: 'tmdb_requests_total',
          help: 'TMDB requests by outcome: the HTTP status, or timeout / network.',
          labelNames: ['outcome'],
          registers: [registry],
        });
        return new TmdbClient({ ...config.tmdb, onOutcome: (outcome) => requests.inc({ outcome }) });
      },
    },
  ],
  exports: [TmdbClient],
})
export class TmdbModule {}
