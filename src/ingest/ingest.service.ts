import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { MovieProducer } from '../stream/movie.producer.js';
import { JobProgressRepository } from '../pipeline/job-progress.repository.js';
import { KafkaAdminService } from '../stream/kafka-admin.service.js';
import type { MovieMessage } from '../stream/movie-message.dto.js';
import { IngestJobRepository } from './jobs/ingest-job.repository.js';
import { LeaseRepository } from './jobs/lease.repository.js';
import type { IngestJob, IngestSource, JobFailure } from './jobs/ingest-job.schema.js';
import { toMovieMessage } from './movie-message.mapper.js';
import { SourceFactory } from './sources/source.factory.js';
import { UploadStore, UploadTooLargeError } from './upload.store.js';
import type { FileFormat } from './sources/file.source.js';
import { IngestMetrics } from './ingest.metrics.js';

/** A job holds its source's lease this long without renewing; a crashed holder's job is resumed after it. */
export const LEASE_TTL_MS = 15_000;
const RESUME_SCAN_MS = 5_000;
/** While a job this process produced is persisting, how often it asks whether the consumers have handled all of it. */
const COMPLETION_POLL_MS = 1_000;
/** How long a batch may wait for Kafka before the job fails (resumable from its checkpoint). */
const PUBLISH_DEADLINE_MS = 10 * 60_000;

class ShutdownSignal extends Error {}

/**
 * The ingest story: take the source's lease, read chunks from the checkpoint on, map
 * them to movie messages, publish each batch until Kafka acknowledges it, then move the
 * checkpoint. Jobs live in MongoDB, so a restart (or another replica) resumes them.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestService.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private resumeTimer?: NodeJS.Timeout;
  private completionTimer?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: IngestJobRepository,
    private readonly leases: LeaseRepository,
    private readonly sources: SourceFactory,
    private readonly uploads: UploadStore,
    private readonly producer: MovieProducer,
    private readonly metrics: IngestMetrics,
    private readonly progress: JobProgressRepository,
    private readonly admin: KafkaAdminService,
  ) {}

  onApplicationBootstrap(): void {
    if (!roleRuns(this.config).answers || !this.config.ingest.resumeInterrupted) return;
    const scan = () => void this.resumeInterrupted().catch((error: Error) => this.logger.warn(`Resume scan failed: ${error.message}`));
    scan();
    this.resumeTimer = setInterval(scan, RESUME_SCAN_MS);
    this.resumeTimer.unref();
  }

  /** Starts a job for a TMDB source; 409 when that source already runs. */
  async start(source: Exclude<IngestSource, 'file'>, options: Record<string, unknown>, trigger: IngestJob['trigger']): Promise<IngestJob> {
    this.sources.assertUsable(source);
    if (source === 'tmdb-changes') options = await this.changesWindow(options);
    const job = await this.createLocked(source, options, trigger);
    this.launch(job, false);
    return job;
  }

  /** Stores an uploaded file, then starts a job that streams it; 409 when a file job already runs. */
  async startFile(body: Readable, meta: { format: FileFormat; name: string; maxBytes: number }, trigger: IngestJob['trigger']): Promise<IngestJob> {
    const job = await this.createLocked('file', { format: meta.format, name: meta.name }, trigger);
    try {
      const bytes = await this.uploads.save(job._id, body, meta.maxBytes);
      if (bytes === 0) throw new AppError(AppErrorCode.UPLOAD_EMPTY, 'the uploaded file is empty');
      job.options = { ...job.options, bytes };
    } catch (error) {
      await this.uploads.remove(job._id);
      const reason = error instanceof UploadTooLargeError ? new AppError(AppErrorCode.UPLOAD_TOO_LARGE, `${error.message} (INGEST_UPLOAD_LIMIT_MB)`) : error;
      await this.jobs.finish(job._id, 'failed', (reason as Error).message);
      await this.leases.release(lockKey('file'), this.holder);
      throw reason;
    }
    this.launch(job, false);
    return job;
  }

  async get(id: string): Promise<IngestJob> {
    const job = await this.jobs.findById(id);
    if (!job) throw new AppError(AppErrorCode.JOB_NOT_FOUND, `ingest job ${id} does not exist`);
    return job;
  }

  list(limit: number, state?: IngestJob['state']): Promise<IngestJob[]> {
    return this.jobs.listRecent(limit, state);
  }

  async cancel(id: string): Promise<IngestJob> {
    const job = await this.get(id);
    if (job.state !== 'queued' && job.state !== 'running') throw new AppError(AppErrorCode.JOB_NOT_CANCELLABLE, `ingest job ${id} is ${job.state}`);
    return (await this.jobs.requestCancel(id))!;
  }

  /** Runs a failed or cancelled job again from its checkpoint (after a TMDB outage, a revoked key, a cancel). */
  async resume(id: string): Promise<IngestJob> {
    const job = await this.get(id);
    if (job.state !== 'failed' && job.state !== 'cancelled')
      throw new AppError(AppErrorCode.JOB_NOT_RESUMABLE, `ingest job ${id} is ${job.state}; only failed or cancelled jobs resume`);
    if (job.source !== 'file') this.sources.assertUsable(job.source);
    // A file job whose upload was refused (empty, too large) has nothing to read again: say so now, not in a job that fails at once.
    else if (!(await this.uploads.exists(id)))
      throw new AppError(AppErrorCode.JOB_NOT_RESUMABLE, `ingest job ${id} has no stored upload to read again; upload the file with POST /ingest/file`);
    await this.lockSource(job.source, id);
    if (!(await this.jobs.reopen(id))) {
      await this.leases.release(lockKey(job.source), this.holder);
      throw new AppError(AppErrorCode.JOB_NOT_RESUMABLE, `ingest job ${id} changed state meanwhile`);
    }
    const fresh = (await this.jobs.findById(id))!;
    this.logger.log(`Ingest job ${id} (${job.source}) resumed on request from checkpoint ${JSON.stringify(fresh.checkpoint)}`);
    this.launch(fresh, true);
    return fresh;
  }

  /** Resolves when the job's local run ends (CLI and tests). */
  async waitFor(id: string): Promise<void> {
    await this.running.get(id)?.done;
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.resumeTimer);
    clearTimeout(this.completionTimer);
    // In-flight batches finish and are checkpointed; the jobs go back to the queue for the next start.
    for (const run of this.running.values()) run.abort.abort(new ShutdownSignal('shutting down'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Incremental refresh: a changes job starts where the last completed one ended (or a day back), and stores its window so a resume reads the same one. */
  private async changesWindow(options: Record<string, unknown>): Promise<Record<string, unknown>> {
    const today = new Date().toISOString().slice(0, 10);
    if (typeof options['from'] === 'string') return { ...options, to: options['to'] ?? today };
    const last = await this.jobs.lastCompleted('tmdb-changes');
    const from = typeof last?.options['to'] === 'string' ? last.options['to'] : new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    return { ...options, from, to: today };
  }

  private async createLocked(source: IngestSource, options: Record<string, unknown>, trigger: IngestJob['trigger']): Promise<IngestJob> {
    const id = randomUUID();
    await this.lockSource(source, id);
    return this.jobs.create({ id, source, options, trigger });
  }

  /** Takes the source's lease for job `id`; 409 naming the job that holds it otherwise. */
  private async lockSource(source: IngestSource, id: string): Promise<void> {
    if (await this.leases.acquire(lockKey(source), this.holder, LEASE_TTL_MS, id)) return;
    const held = await this.leases.current(lockKey(source));
    throw new AppError(AppErrorCode.JOB_CONFLICT, `an ingest of ${source} is already running (job ${held?.jobId ?? 'unknown'})`, {
      runningJobId: held?.jobId ?? null,
    });
  }

  /** Completes the jobs whose produced messages the consumers have all handled (any replica may; see JobProgressRepository.completeHandled). */
  private async completePersisted(): Promise<number> {
    const completed = await this.progress.completeHandled(await this.admin.committedOffsets());
    for (const id of completed) this.logger.log(`Ingest job ${id} completed: every movie it produced is persisted or dead-lettered`);
    return completed.length;
  }

  /** After this process finished producing a job: check for completion every COMPLETION_POLL_MS until no job is left persisting here. */
  private async followCompletion(): Promise<void> {
    if (this.completionTimer) return;
    const tick = async () => {
      this.completionTimer = undefined;
      if (this.shuttingDown) return;
      const remaining = await this.completePersisted()
        .then(() => this.jobs.countPersisting())
        .catch((error: Error) => {
          this.logger.warn(`Job completion check failed: ${error.message}`);
          return 1;
        });
      if (remaining > 0 && !this.shuttingDown) {
        this.completionTimer = setTimeout(() => void tick(), COMPLETION_POLL_MS);
        this.completionTimer.unref();
      }
    };
    this.completionTimer = setTimeout(() => void tick(), 0);
  }

  private async resumeInterrupted(): Promise<void> {
    if (this.shuttingDown) return;
    // A producer that died after producing everything leaves its job persisting: any replica completes it.
    await this.completePersisted().catch((error: Error) => this.logger.warn(`Job completion check failed: ${error.message}`));
    for (const job of await this.jobs.findUnfinished()) {
      if (this.running.has(job._id)) continue;
      if (!(await this.leases.acquire(lockKey(job.source), this.holder, LEASE_TTL_MS, job._id))) continue;
      const fresh = await this.jobs.findById(job._id);
      if (!fresh || (fresh.state !== 'queued' && fresh.state !== 'running')) {
        await this.leases.release(lockKey(job.source), this.holder);
        continue;
      }
      this.logger.log(`Resuming ingest job ${fresh._id} (${fresh.source}) from checkpoint ${JSON.stringify(fresh.checkpoint)}`);
      this.launch(fresh, true);
    }
  }

  private launch(job: IngestJob, resumed: boolean): void {
    const abort = new AbortController();
    const done = this.run(job, abort.signal, resumed)
      .catch((error: Error) => this.logger.error(`Ingest job ${job._id} ended abnormally: ${error.message}`))
      .finally(() => this.running.delete(job._id));
    this.running.set(job._id, { abort, done });
  }

  private async run(job: IngestJob, signal: AbortSignal, resumed: boolean): Promise<void> {
    const key = lockKey(job.source);
    const renew = setInterval(() => {
      this.leases.renew(key, this.holder, LEASE_TTL_MS).then(
        (held) => held || this.logger.error(`Ingest job ${job._id} lost its lease`),
        (error: Error) => this.logger.warn(`Could not renew the lease of job ${job._id}: ${error.message}`),
      );
    }, LEASE_TTL_MS / 3);
    const started = Date.now();
    const progress = { ...job.progress };
    this.logger.log(`Ingest job ${job._id} ${resumed ? 'resumed' : 'started'}: ${job.source} ${JSON.stringify(job.options)}`);
    try {
      await this.jobs.markRunning(job._id, resumed);
      for await (const chunk of this.sources.create(job).read(job.checkpoint, signal)) {
        const observedAt = new Date();
        const messages: MovieMessage[] = [];
        const failures: JobFailure[] = chunk.failures.map((f) => ({ ...f, at: observedAt }));
        for (const [i, movie] of chunk.movies.entries()) {
          const mapped = toMovieMessage(movie, job.source, observedAt);
          if (mapped.ok) messages.push(mapped.message);
          else failures.push({ ref: chunk.refs?.[i] ?? `movie ${movie.id}`, reason: mapped.reason, at: observedAt });
        }
        await this.publish(messages, job._id, signal);
        progress.pagesRead = chunk.pagesRead;
        progress.totalPages = chunk.totalPages;
        progress.moviesRead += chunk.movies.length + chunk.failures.length;
        progress.produced += messages.length;
        progress.failed += failures.length;
        const { persisted: _p, deadLettered: _d, ...producerSide } = progress;
        await this.jobs.saveCheckpoint(job._id, chunk.checkpoint, producerSide, failures);
        this.metrics.produced.inc({ source: job.source }, messages.length);
        if (await this.jobs.isCancelRequested(job._id)) {
          await this.jobs.finish(job._id, 'cancelled', 'cancelled on request');
          this.logger.log(`Ingest job ${job._id} cancelled after ${progress.produced} movies`);
          return;
        }
        if (signal.aborted) throw signal.reason;
      }
      // Everything is in Kafka, before the topic's ends now; the job completes when the consumers have handled all of it.
      const ends = await this.admin.topicEnds();
      await this.jobs.finishProducing(job._id, Object.fromEntries([...ends].map(([partition, end]) => [`p${partition}`, end])));
      void this.followCompletion();
      if (job.source === 'file') await this.uploads.remove(job._id);
      this.metrics.duration.observe({ source: job.source, state: 'produced' }, (Date.now() - started) / 1000);
      this.logger.log(
        `Ingest job ${job._id} produced everything in ${Date.now() - started} ms: read ${progress.moviesRead}, produced ${progress.produced}, failed ${progress.failed}; persisting`,
      );
    } catch (error) {
      if (signal.aborted && signal.reason instanceof ShutdownSignal) {
        await this.jobs.requeue(job._id);
        this.logger.log(`Ingest job ${job._id} paused for shutdown at ${progress.produced} movies; it resumes on the next start`);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.jobs.finish(job._id, 'failed', message);
      this.metrics.duration.observe({ source: job.source, state: 'failed' }, (Date.now() - started) / 1000);
      this.logger.error(`Ingest job ${job._id} failed after ${progress.produced} movies: ${message}`);
    } finally {
      clearInterval(renew);
      await this.leases.release(key, this.holder).catch(() => undefined);
    }
  }

  /** Kafka's own retries last seconds; a batch is re-sent until acknowledged, so the checkpoint never passes unsent data. */
  private async publish(messages: MovieMessage[], jobId: string, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + PUBLISH_DEADLINE_MS;
    for (let start = 0; start < messages.length; start += this.config.ingest.batchSize) {
      const batch = messages.slice(start, start + this.config.ingest.batchSize);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.producer.publish(batch, jobId);
          break;
        } catch (error) {
          if (Date.now() > deadline)
            throw new Error(`Kafka did not acknowledge a batch for ${PUBLISH_DEADLINE_MS / 60_000} minutes: ${(error as Error).message}`, { cause: error });
          const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
          this.logger.warn(`Kafka did not take a batch of job ${jobId} (${(error as Error).message}); re-sending in ${delay} ms (attempt ${attempt + 1})`);
          await sleep(delay);
          // A shutdown waits for the batch in hand; it does not abandon it half-sent.
          if (signal.aborted && this.shuttingDown && attempt > 3) throw signal.reason;
        }
      }
    }
  }
}

export function lockKey(source: IngestSource): string {
  return `ingest:${source}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
