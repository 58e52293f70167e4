import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import { roleRuns, type AppConfig } from '../config/app-config.js';
import { decodeMovieChange, type MovieChange } from '../movies/movie-change.js';
import { sleepWithHeartbeat } from '../stream/kafka-batch.transport.js';
import { createKafka } from '../stream/kafka.factory.js';
import { describeKafkaSecurityError } from '../stream/kafka-tls.js';
import { BiMetrics } from './bi.metrics.js';
import type { BiReplicaState, BiReplicaStatus } from './bi-replica.status.js';

export type { BiReplicaState, BiReplicaStatus };
import { migrate } from './bi-schema.js';
import { applyChanges } from './bi-writes.js';

/** How often the writer reads the feed's end and its own position: the lag and `asOf` move in steps of this. */
export const BI_POLL_MS = 1000;
/** First wait after PostgreSQL failed a batch or the start-up; doubles up to BI_RETRY_MAX_MS while it stays down. */
const BI_RETRY_MS = 1000;
/** Longest wait between two tries while PostgreSQL is down: it is back in the replica within this of its return. */
const BI_RETRY_MAX_MS = 10_000;
/** Connections the writer holds: one applies batches, one reads the lag; a spare for the start-up. */
const BI_POOL_SIZE = 3;
/** How long a connection attempt may take before PostgreSQL counts as down. */
const BI_CONNECT_TIMEOUT_MS = 5000;
/** Longest a statement of the writer may run (a batch is well under a second; beyond this something is wrong). */
const BI_STATEMENT_TIMEOUT_MS = 60_000;
/** How long a consumer that could not reach Kafka waits before it tries again. */
const FEED_RETRY_MS = 5000;
/** End offsets read but not yet reached are kept this many at most (at BI_POLL_MS each, a minute of them). */
const PENDING_ENDS = 60;

/**
 * The BI replica's writer: follows the feed of stored changes (the same compacted changelog the
 * read models follow) and upserts every change into PostgreSQL by the feed's version rule. Its
 * position per partition is written in the same transaction as the rows, so a crash, a replay
 * or a PostgreSQL outage loses and duplicates nothing: a batch PostgreSQL refused is tried again
 * until it is in, and the consumer waits meanwhile. Several writers share one consumer group.
 */
@Injectable()
export class BiReplica implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BiReplica.name);
  private readonly enabled: boolean;
  private state: BiReplicaState = 'off';
  private pool?: pg.Pool;
  private kafka?: Kafka;
  private admin?: Admin;
  private consumer?: Consumer;
  private timer?: NodeJS.Timeout;
  private closing = false;
  /** Next offset to apply per partition, as PostgreSQL last confirmed it. */
  private readonly position = new Map<number, number>();
  private pendingEnds: { at: number; ends: Map<number, number> }[] = [];
  private asOf: number | null = null;
  private lag: number | null = null;
  private databaseError: string | null = 'not connected yet';
  private feedError: string | null = 'not connected yet';
  private schemaVersion: number | null = null;
  private readerProblem: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: BiMetrics,
  ) {
    this.enabled = roleRuns(config).bi;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.state = 'starting';
    void this.boot().catch((error: Error) => this.logger.error(`BI replica failed to start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }

  /** Whether this process runs the writer at all. */
  get running(): boolean {
    return this.enabled;
  }

  status(): BiReplicaStatus {
    return {
      state: this.state,
      lag: this.lag,
      asOf: this.asOf === null ? null : new Date(this.asOf).toISOString(),
      database: { up: this.databaseError === null, error: this.databaseError, schemaVersion: this.schemaVersion },
      feed: { up: this.feedError === null, error: this.feedError },
      reader: this.readerProblem,
    };
  }

  private async boot(): Promise<void> {
    this.pool = new pg.Pool({
      connectionString: this.config.bi.databaseUrl,
      max: BI_POOL_SIZE,
      connectionTimeoutMillis: BI_CONNECT_TIMEOUT_MS,
      statement_timeout: BI_STATEMENT_TIMEOUT_MS,
      application_name: 'movie-analytics-bi-writer',
    });
    // An idle connection that PostgreSQL dropped (a restart, say) reports here; the next use reconnects.
    this.pool.on('error', (error) => this.databaseDown(error));
    // 1. The schema (migrations, the read-only role), retried until PostgreSQL answers.
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        const report = await migrate(this.pool, { user: this.config.bi.readerUser, password: this.config.bi.readerPassword });
        this.schemaVersion = report.version;
        this.readerProblem = report.readerProblem;
        if (report.readerProblem) this.logger.warn(`BI read-only role: ${report.readerProblem}`);
        this.logger.log(
          `BI schema at version ${report.version}${report.applied.length > 0 ? ` (applied ${report.applied.join(', ')})` : ''}; read-only role ${this.config.bi.readerUser} ${this.config.bi.readerPassword ? 'may log in' : 'cannot log in (BI_READER_PASSWORD unset)'}`,
        );
        await this.loadPosition();
        this.databaseError = null;
        break;
      } catch (error) {
        this.databaseDown(error as Error);
        await sleep(backoff(attempt));
      }
    }
    if (this.closing) return;
    // 2. Follow the feed, and measure how far behind it PostgreSQL is.
    this.kafka = createKafka(this.config.kafka, 'admin', this.logger);
    this.poll();
    await this.follow();
  }

  private async loadPosition(): Promise<void> {
    const { rows } = await this.pool!.query<{ partition: number; next_offset: string }>(
      'SELECT partition, next_offset FROM bi_internal.feed_position WHERE topic = $1',
      [this.config.kafka.topics.changelog],
    );
    for (const row of rows) this.position.set(row.partition, Number(row.next_offset));
  }

  private async follow(): Promise<void> {
    if (this.closing) return;
    const topic = this.config.kafka.topics.changelog;
    const consumer = createKafka(this.config.kafka, 'consumer', this.logger).consumer({
      groupId: `${this.config.kafka.groupId}.bi`,
      allowAutoTopicCreation: false,
      retry: { restartOnFailure: async () => !this.closing },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.closing) return;
      this.feedError = `feed consumer crashed: ${payload.error.message}`;
      if (!payload.restart) setTimeout(() => void this.restartFollow(consumer), FEED_RETRY_MS).unref();
    });
    // The position lives in PostgreSQL (written with the rows), not in Kafka: every assignment starts there.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.state = 'following';
      this.feedError = null;
      for (const partition of payload.memberAssignment[topic] ?? []) {
        const offset = this.position.get(partition);
        if (offset !== undefined) consumer.seek({ topic, partition, offset: String(offset) });
      }
    });
    for (;;) {
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (payload) => this.onBatch(payload) });
        if (this.closing) await consumer.disconnect().catch(() => undefined);
        return;
      } catch (error) {
        if (this.closing) return void (await consumer.disconnect().catch(() => undefined));
        this.feedError = `feed unreachable: ${describeKafkaSecurityError(error, this.config.kafka) ?? (error as Error).message}`;
        this.logger.warn(`BI replica cannot follow the feed yet (${(error as Error).message}); retrying in ${FEED_RETRY_MS / 1000} s`);
        await sleep(FEED_RETRY_MS);
      }
    }
  }

  private async restartFollow(crashed: Consumer): Promise<void> {
    if (this.closing || this.consumer !== crashed) return;
    await crashed.disconnect().catch(() => undefined);
    await this.loadPosition().catch(() => undefined);
    await this.follow().catch((error: Error) => this.logger.warn(`BI feed consumer restart failed: ${error.message}`));
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const last = batch.messages[batch.messages.length - 1];
    if (!last) return;
    const entries: { offset: number; change: MovieChange }[] = [];
    for (const message of batch.messages) {
      const decoded = decodeMovieChange(message.value);
      if (decoded.ok) entries.push({ offset: Number(message.offset), change: decoded.change });
      else {
        this.metrics.refused.inc();
        this.logger.error(`Feed entry ${batch.topic}/${batch.partition}@${message.offset} refused: ${decoded.reason}`);
      }
    }
    const next = Number(last.offset) + 1;
    for (let attempt = 0; ; attempt++) {
      if (this.closing || !isRunning() || isStale()) return; // not applied: the next owner of the partition starts from PostgreSQL's position
      const timer = this.metrics.batchSeconds.startTimer();
      try {
        const applied = await this.applyBatch(batch.topic, batch.partition, entries, next);
        timer();
        this.metrics.applied.inc(applied);
        this.position.set(batch.partition, next);
        if (this.databaseError !== null) this.logger.log('PostgreSQL answers again; the BI replica is catching up');
        this.databaseError = null;
        this.feedError = null;
        await heartbeat();
        return;
      } catch (error) {
        this.databaseDown(error as Error);
        const wait = backoff(attempt);
        this.logger.warn(`BI batch not applied (${(error as Error).message}); partition ${batch.partition} waits, retry ${attempt + 1} in ${wait} ms`);
        await sleepWithHeartbeat(wait, heartbeat);
      }
    }
  }

  /** One transaction: the changes past PostgreSQL's position for the partition, then the new position. */
  private async applyBatch(topic: string, partition: number, entries: { offset: number; change: MovieChange }[], next: number): Promise<number> {
    const client = await this.pool!.connect();
    // A checked-out connection's errors are not the pool's to catch: one PostgreSQL drops mid-batch fails the query, not the process.
    const onError = (error: Error) => this.databaseDown(error);
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const held = await client.query<{ next_offset: string }>(
        'SELECT next_offset FROM bi_internal.feed_position WHERE topic = $1 AND partition = $2 FOR UPDATE',
        [topic, partition],
      );
      const from = held.rows[0] ? Number(held.rows[0].next_offset) : 0;
      const applied = await applyChanges(
        client,
        entries.filter((e) => e.offset >= from).map((e) => e.change),
      );
      await client.query(
        `INSERT INTO bi_internal.feed_position (topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (topic, partition) DO UPDATE SET next_offset = GREATEST(bi_internal.feed_position.next_offset, excluded.next_offset), updated_at = now()`,
        [topic, partition, next],
      );
      await client.query('COMMIT');
      return applied;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-transaction is discarded, not returned to the pool.
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Reads the feed's ends and PostgreSQL's position every BI_POLL_MS: the lag and asOf. */
  private poll(): void {
    if (this.closing) return;
    void this.pollOnce().finally(() => {
      this.metrics.observe(this.status());
      this.timer = setTimeout(() => this.poll(), BI_POLL_MS);
      this.timer.unref();
    });
  }

  private async pollOnce(): Promise<void> {
    const at = Date.now();
    let ends: Map<number, number>;
    try {
      this.admin ??= this.kafka!.admin();
      await this.admin.connect();
      const offsets = await this.admin.fetchTopicOffsets(this.config.kafka.topics.changelog);
      ends = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      if (this.feedError?.startsWith('feed unreachable')) this.feedError = null;
    } catch (error) {
      this.feedError = `feed unreachable: ${describeKafkaSecurityError(error, this.config.kafka) ?? (error as Error).message}`;
      const stale = this.admin;
      this.admin = undefined;
      void stale?.disconnect().catch(() => undefined);
      return;
    }
    // Every writer's position (several share the partitions), as PostgreSQL holds it; this process's own when it is down.
    try {
      await this.loadPosition();
    } catch (error) {
      this.databaseDown(error as Error);
    }
    this.pendingEnds.push({ at, ends });
    if (this.pendingEnds.length > PENDING_ENDS) this.pendingEnds.shift();
    while (this.pendingEnds.length > 0 && [...this.pendingEnds[0]!.ends].every(([p, end]) => (this.position.get(p) ?? 0) >= end)) {
      this.asOf = Math.max(this.asOf ?? 0, this.pendingEnds.shift()!.at);
    }
    this.lag = [...ends].reduce((sum, [p, end]) => sum + Math.max(0, end - (this.position.get(p) ?? 0)), 0);
  }

  private databaseDown(error: Error): void {
    if (this.databaseError === null) this.logger.warn(`PostgreSQL (BI replica) failed: ${error.message}`);
    this.databaseError = `PostgreSQL failed: ${error.message}`;
  }
}

function backoff(attempt: number): number {
  return Math.min(BI_RETRY_MAX_MS, BI_RETRY_MS * 2 ** Math.min(attempt, 10));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
