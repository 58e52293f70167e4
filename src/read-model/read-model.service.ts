import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { AppError, AppErrorCode } from '../common/app-error.js';
import { decodeMovieChange } from '../movies/movie-change.js';
import { MovieRepository } from '../movies/movie.repository.js';
import { JobProgressRepository } from '../pipeline/job-progress.repository.js';
import { createKafka } from '../stream/kafka.factory.js';
import { describeKafkaSecurityError } from '../stream/kafka-tls.js';
import { MovieStore } from './movie-store.js';
import { ReadModelMetrics } from './read-model.metrics.js';
import type { ReadModelState, ReadModelStatus } from './read-model.status.js';

export type { ReadModelState, ReadModelStatus };

/**
 * How often the feed's end offsets (and the pipeline's) are read: `asOf` and `settled` move in
 * steps of this, well inside the one-second freshness contract, for two cheap admin requests.
 */
export const FEED_POLL_MS = 500;
/** Movies read per round trip of the boot snapshot (and applied between two turns of the event loop). */
const SNAPSHOT_BATCH = 5000;
/** How long boot waits for Kafka to name the feed's position before it loads the snapshot without one. */
const POSITION_TIMEOUT_MS = 5000;
/** How long a feed consumer that could not connect, or crashed for good, waits before it tries again (Kafka down or restarting). */
const FEED_RETRY_MS = 5000;
/** The snapshot is retried this long after a failure (MongoDB not up yet). */
const SNAPSHOT_RETRY_MS = 2000;
/** Spare room reserved over the snapshot's size, so an ingest right after boot does not grow the columns at once. */
const RESERVE_SPARE = 1.05;
/**
 * Longest a poll of the feed's and the pipeline's ends may take. A poll that hangs (a connection to a
 * server that died or is still recovering, with no socket timeout) must not freeze `asOf` and `settled`:
 * past this it counts as a failed poll and the next one starts on fresh connections.
 */
const FEED_POLL_TIMEOUT_MS = 10_000;
/** End offsets read but not yet reached are kept this many at most (at FEED_POLL_MS each, 30 s of them). */
const PENDING_ENDS = 60;

/**
 * The read model of a serving process: a last-writer-wins copy of the movies (MovieStore), kept
 * current from the feed of stored changes that the persisting consumers publish after each
 * MongoDB write. Boot takes the feed's position, loads a snapshot from MongoDB, then follows
 * the feed from that position: anything written during the snapshot arrives through the feed,
 * and anything the snapshot already holds is a no-op by the version rule.
 */
@Injectable()
export class ReadModel implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModel.name);
  readonly store = new MovieStore();
  private state: ReadModelState = 'loading';
  /** Next offset to apply, per partition of the feed. */
  private readonly position = new Map<number, number>();
  /** End offsets read at a time, not yet reached: once the model passes one, `asOf` is its time. */
  private pendingEnds: { at: number; ends: Map<number, number> }[] = [];
  private asOf: number | null = null;
  private lag = 0;
  /** Why the model is not settled (null: settled). */
  private waitingFor: string | null = 'the first read of the feed';
  private feedError: string | null = 'not connected yet';
  private consumer?: Consumer;
  private kafka?: Kafka;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private closing = false;
  private readonly enabled: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly movies: MovieRepository,
    private readonly jobs: JobProgressRepository,
    private readonly metrics: ReadModelMetrics,
  ) {
    // Only processes that serve reads hold the model; a consumer-only process does not.
    this.enabled = roleRuns(config).answers;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    // In the background: the HTTP server starts at once, answering 503 until the model is ready.
    void this.boot().catch((error: Error) => this.logger.error(`Read model failed to start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Throws a 503 (with Retry-After) until the model has loaded its snapshot. */
  assertReady(): void {
    if (!this.enabled) throw new AppError(AppErrorCode.SERVICE_UNAVAILABLE, `this process does not serve analytics (APP_ROLE=${this.config.role})`);
    if (this.state !== 'ready')
      throw new AppError(AppErrorCode.SERVICE_UNAVAILABLE, `the read model is loading (${this.store.size} movies so far); answers start when it is ready`);
  }

  status(): ReadModelStatus {
    return {
      state: this.state,
      movies: this.store.size,
      dataVersion: this.dataVersion(),
      asOf: this.asOf === null ? null : new Date(this.asOf).toISOString(),
      settled: this.waitingFor === null,
      waitingFor: this.waitingFor,
      lag: this.lag,
      feed: { up: this.feedError === null, error: this.feedError },
      bytesPerMovie: Math.round(this.store.bytesPerMovie() * 10) / 10,
      titleBytesPerMovie: Math.round(this.store.titleBytesPerMovie() * 10) / 10,
    };
  }

  /** The feed position applied, `next offset` per partition in partition order: equal on every replica at the same position. */
  dataVersion(): string {
    return [...this.position.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, offset]) => offset)
      .join('.');
  }

  private async boot(): Promise<void> {
    const started = Date.now();
    this.kafka = createKafka(this.config.kafka, 'admin', this.logger);
    // 1. The feed's position before the snapshot: every change stored after it is in the feed past it.
    const start = await withTimeout(this.endOffsets(), POSITION_TIMEOUT_MS).catch((error: Error) => {
      this.logger.warn(`Feed position unknown at boot (${error.message}); the model will follow the feed from its beginning once Kafka answers`);
      return null;
    });
    // 2. The snapshot.
    await this.loadSnapshot();
    if (this.closing) return;
    if (start) {
      for (const [partition, offset] of start) this.position.set(partition, offset);
      // Everything published before the position was taken is in the snapshot.
      this.pendingEnds.push({ at: started, ends: start });
      this.reachEnds();
    }
    // One read of the feed's end before answering, so the first answers already say whether they are settled
    // (bounded: with Kafka down the model serves what it loaded, and says the feed is down).
    await withTimeout(this.pollOnce(), POSITION_TIMEOUT_MS).catch(() => (this.feedError = 'feed unreachable: no answer at boot'));
    if (this.closing) return;
    this.state = 'ready';
    this.metrics.bootSeconds.set((Date.now() - started) / 1000);
    this.logger.log(
      `Read model ready: ${this.store.size} movies in ${((Date.now() - started) / 1000).toFixed(1)} s, ${this.store.bytesPerMovie().toFixed(1)} bytes a movie; following ${this.config.kafka.topics.changelog} from ${this.dataVersion() || 'its beginning'}`,
    );
    // 3. Poll the feed's end (asOf, lag, settled, the feed up or down), and follow it (waiting for Kafka if it is down).
    this.poll();
    await this.follow();
  }

  private async loadSnapshot(): Promise<void> {
    for (;;) {
      try {
        this.store.reserve(Math.ceil((await this.movies.estimatedCount()) * RESERVE_SPARE));
        for await (const batch of this.movies.snapshot(SNAPSHOT_BATCH)) {
          for (const change of batch) this.store.apply(change);
          await new Promise((resolve) => setImmediate(resolve));
          if (this.closing) return;
        }
        return;
      } catch (error) {
        if (this.closing) return;
        this.logger.warn(`Read model snapshot failed (${(error as Error).message}); retrying in ${SNAPSHOT_RETRY_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_RETRY_MS));
      }
    }
  }

  /** A consumer of its own (a group no one else joins, committing nothing) over every partition of the feed. */
  private async follow(): Promise<void> {
    // A process closing while it booted must not leave a consumer behind it.
    if (this.closing) return;
    const topic = this.config.kafka.topics.changelog;
    const groupId = `${this.config.kafka.groupId}.read-model.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`;
    const consumer = createKafka(this.config.kafka, 'consumer', this.logger).consumer({
      groupId,
      allowAutoTopicCreation: false,
      // kafkajs restarts a crashed consumer by itself; never once this process is closing.
      retry: { restartOnFailure: async () => !this.closing },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.closing) {
        void consumer.disconnect().catch(() => undefined);
        return;
      }
      this.feedError = `feed consumer crashed: ${payload.error.message}`;
      if (!payload.restart) setTimeout(() => void this.restartFollow(consumer), FEED_RETRY_MS).unref();
    });
    // Every (re)assignment starts each partition where the model stands; before the first batch kafkajs starts at the beginning.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of this.position) consumer.seek({ topic, partition, offset: String(offset) });
    });
    const connect = async (): Promise<void> => {
      for (;;) {
        try {
          await consumer.connect();
          await consumer.subscribe({ topics: [topic], fromBeginning: true });
          await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (payload) => this.onBatch(payload) });
          if (this.closing) await consumer.disconnect().catch(() => undefined);
          return;
        } catch (error) {
          if (this.closing) {
            await consumer.disconnect().catch(() => undefined);
            return;
          }
          this.feedError = `feed unreachable: ${(error as Error).message}`;
          this.logger.warn(`Read model cannot follow the feed yet (${(error as Error).message}); serving what it holds, retrying in ${FEED_RETRY_MS / 1000} s`);
          await new Promise((resolve) => setTimeout(resolve, FEED_RETRY_MS));
        }
      }
    };
    await connect();
  }

  private async restartFollow(crashed: Consumer): Promise<void> {
    if (this.closing || this.consumer !== crashed) return;
    await crashed.disconnect().catch(() => undefined);
    await this.follow().catch((error: Error) => this.logger.warn(`Feed consumer restart failed: ${error.message}`));
  }

  private async onBatch({ batch, heartbeat }: EachBatchPayload): Promise<void> {
    let applied = 0;
    for (const message of batch.messages) {
      const decoded = decodeMovieChange(message.value);
      if (decoded.ok) {
        if (this.store.apply(decoded.change)) applied++;
      } else {
        this.metrics.refused.inc();
        this.logger.error(`Feed entry ${batch.topic}/${batch.partition}@${message.offset} refused: ${decoded.reason}`);
      }
    }
    const last = batch.messages[batch.messages.length - 1];
    if (last) this.position.set(batch.partition, Number(last.offset) + 1);
    this.metrics.applied.inc(applied);
    this.reachEnds();
    await heartbeat();
  }

  /** Reads the feed's ends (and the pipeline's), every FEED_POLL_MS. */
  private poll(): void {
    if (this.closing) return;
    void this.pollOnce().finally(() => {
      this.timer = setTimeout(() => this.poll(), FEED_POLL_MS);
      this.timer.unref();
    });
  }

  private async pollOnce(): Promise<void> {
    const at = Date.now();
    try {
      const [ends, busy] = await withTimeout(Promise.all([this.endOffsets(), this.pipelineBusy()]), FEED_POLL_TIMEOUT_MS);
      this.feedError = null;
      for (const partition of ends.keys()) if (!this.position.has(partition)) this.position.set(partition, 0);
      this.pendingEnds.push({ at, ends });
      if (this.pendingEnds.length > PENDING_ENDS) this.pendingEnds.shift();
      this.reachEnds();
      this.lag = [...ends].reduce((sum, [p, end]) => sum + Math.max(0, end - (this.position.get(p) ?? 0)), 0);
      this.waitingFor = busy ?? (this.lag > 0 ? `${this.lag} feed entries not yet applied here` : null);
    } catch (error) {
      // A TLS or SASL misconfiguration names the setting to fix; anything else says what failed.
      this.feedError = `feed unreachable: ${describeKafkaSecurityError(error, this.config.kafka) ?? (error as Error).message}`;
      this.waitingFor = this.feedError;
      // kafkajs does not always repair a broken admin connection: start afresh next time.
      const stale = this.admin;
      this.admin = undefined;
      this.adminConnected = undefined;
      void stale?.disconnect().catch(() => undefined);
    } finally {
      this.metrics.observe(this.status());
    }
  }

  /** Moves `asOf` to the time of the newest end offsets the model has reached on every partition. */
  private reachEnds(): void {
    while (this.pendingEnds.length > 0) {
      const first = this.pendingEnds[0]!;
      const reached = [...first.ends].every(([p, end]) => (this.position.get(p) ?? 0) >= end);
      if (!reached) return;
      this.asOf = Math.max(this.asOf ?? 0, first.at);
      this.pendingEnds.shift();
    }
  }

  private async endOffsets(): Promise<Map<number, number>> {
    await this.connectAdmin();
    const offsets = await this.admin!.fetchTopicOffsets(this.config.kafka.topics.changelog);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  }

  /** What is still on its way into MongoDB: an ingest producing, or movie messages the persisting consumers have not committed; null when quiet. */
  private async pipelineBusy(): Promise<string | null> {
    await this.connectAdmin();
    const topic = this.config.kafka.topics.movies;
    const [ends, committed, producing] = await Promise.all([
      this.admin!.fetchTopicOffsets(topic),
      this.admin!.fetchOffsets({ groupId: this.config.kafka.groupId, topics: [topic] }),
      this.jobs.producingJobs(),
    ]);
    const done = new Map(committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    const behind = ends.reduce((sum, end) => sum + Math.max(0, Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low))), 0);
    if (producing > 0) return `${producing} ingest job(s) producing`;
    if (behind > 0) return `${behind} movie messages not yet committed by the persisting consumers (group ${this.config.kafka.groupId})`;
    return null;
  }

  private adminConnected?: Promise<void>;

  private connectAdmin(): Promise<void> {
    this.admin ??= this.kafka!.admin();
    this.adminConnected ??= this.admin.connect().catch((error: unknown) => {
      this.adminConnected = undefined;
      throw error;
    });
    return this.adminConnected;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}
