import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TmdbClient } from './tmdb.client.js';

/** One TMDB client per process, so its rate limit and key pool are shared by every job. */
@Module({
  providers: [{ provide: TmdbClient, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TmdbClient(config.tmdb) }],
  exports: [TmdbClient],
})
export class TmdbModule {}
