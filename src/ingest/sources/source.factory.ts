import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AppError, AppErrorCode } from '../../common/app-error.js';
import { TmdbClient } from '../../tmdb/tmdb.client.js';
import type { IngestJob, IngestSource } from '../jobs/ingest-job.schema.js';
import { UploadStore } from '../upload.store.js';
import { FileSource, type FileFormat } from './file.source.js';
import type { MovieSourceReader } from './ingest-source.js';
import { TmdbDiscoverSource, TmdbIdsSource, TmdbTopRatedSource, TmdbChangesSource } from './tmdb.sources.js';

/** Builds the reader for a job from its stored options, so a resumed job reads exactly what it started with. */
@Injectable()
export class SourceFactory {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tmdb: TmdbClient,
    private readonly uploads: UploadStore,
  ) {}

  assertUsable(source: IngestSource): void {
    if (source !== 'file' && this.config.tmdb.apiKeys.length === 0) {
      throw new AppError(AppErrorCode.TMDB_NOT_CONFIGURED, `source ${source} needs TMDB_API_KEYS; without a key, import a file with POST /ingest/file`);
    }
  }

  create(job: IngestJob): MovieSourceReader {
    if (job.source !== 'file') this.tmdb.reinstateKeys();
    const o = job.options;
    const concurrency = this.config.ingest.detailsConcurrency;
    switch (job.source) {
      case 'file':
        return new FileSource(() => this.uploads.open(job._id), (o['format'] as FileFormat | undefined) ?? 'auto', this.config.ingest.batchSize);
      case 'tmdb-top-rated':
        return new TmdbTopRatedSource(this.tmdb, { pages: num(o['pages'], 10), concurrency });
      case 'tmdb-discover':
        return new TmdbDiscoverSource(this.tmdb, { pages: num(o['pages'], 10), from: str(o['from']), to: str(o['to']), concurrency });
      case 'tmdb-ids':
        return new TmdbIdsSource(this.tmdb, { ids: (o['ids'] as number[] | undefined) ?? [], concurrency });
      case 'tmdb-changes':
        return new TmdbChangesSource(this.tmdb, { pages: num(o['pages'], 10_000), from: str(o['from']), to: str(o['to']), concurrency });
    }
  }
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
