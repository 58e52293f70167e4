import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { AppConfig } from '../config/app-config.js';
import { createKafka } from './kafka.factory.js';
import type { RawMovieRecord } from './raw-movie-record.js';

export interface KafkaBatchServerOptions {
  kafka: AppConfig['kafka'];
  /** topic → the @EventPattern it is routed to */
  routes: Record<string, string>;
  partitionsConsumedConcurrently?: number;
  retry?: { initialMs: number; maxMs: number };
  /** Called after each committed chunk, with the partition's remaining lag. */
  onCommitted?: (info: { topic: string; partition: number; committed: string; lag: number }) => void;
  /** Called after each failed attempt at a chunk, before its retry. */
  onRetry?: (info: { topic: string; partition: number; error: Error }) => void;
  /**
   * Called when the retries of a chunk end: `handled` when an attempt went through, else the consumer let go of the
   * chunk uncommitted (stopping, or the partition moved), to be redelivered.
   */
  onRetriesEnded?: (info: { topic: string; partition: number; handled: boolean }) => void;
}

/** What a batch handler receives besides the records: where they came from and a heartbeat for long work. */
export class KafkaBatchContext extends BaseRpcContext<[topic: string, partition: number, heartbeat: () => Promise<void>]> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  heartbeat(): Promise<void> {
    return this.args[2]();
  }
}

/**
 * A Kafka transport on kafkajs `eachBatch` that still routes to `@EventPattern` handlers,
 * handing each a chunk of records so writes are batched. Offsets are committed only
 * after the handler resolved (the data is in MongoDB). A handler that throws has hit
 * an infrastructure failure: the chunk is retried with backoff, the partition waits,
 * nothing is committed past unwritten data. Poison never throws: handlers dead-letter it.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaBatchServer.name);
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private closing = false;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.kafka = createKafka(options.kafka, 'consumer', this.logger);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.consumer?.disconnect().catch((error: Error) => this.logger.warn(`Kafka consumer did not disconnect cleanly: ${error.message}`));
  }

  on(): never {
    throw new Error('KafkaBatchServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    // Fail at boot when a consumed topic has no handler: its messages would pile up unread.
    for (const [topic, pattern] of Object.entries(this.options.routes)) {
      if (!this.getHandlerByPattern(pattern)) throw new Error(`No @EventPattern('${pattern}') handler for Kafka topic ${topic}`);
    }
    const consumer = this.kafka.consumer({ groupId: this.options.kafka.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 4 * 1024 * 1024 });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable crashes; after the others it stays down, so restart it here.
      if (this.closing || payload.restart) return;
      this.logger.error(`Kafka consumer crashed (${payload.error.message}); restarting in 5 s`);
      setTimeout(() => void this.restart(consumer), 5000).unref();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(this.options.routes), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.logger.log(`Consuming ${Object.keys(this.options.routes).join(', ')} as group ${this.options.kafka.groupId}`);
  }

  private async restart(crashed: Consumer): Promise<void> {
    if (this.closing || this.consumer !== crashed) return;
    await crashed.disconnect().catch(() => undefined);
    try {
      await this.start();
    } catch (error) {
      this.logger.error(`Kafka consumer restart failed (${(error as Error).message}); trying again in 5 s`);
      setTimeout(() => void this.restart(this.consumer!), 5000).unref();
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const pattern = this.options.routes[batch.topic]!;
    const handler = this.getHandlerByPattern(pattern)!;
    const max = this.options.kafka.consumerBatchMax;
    for (let start = 0; start < batch.messages.length; start += max) {
      const chunk = batch.messages.slice(start, start + max);
      const records = chunk.map((m) => toRecord(batch.topic, batch.partition, m));
      const last = chunk[chunk.length - 1]!.offset;
      const next = (BigInt(last) + 1n).toString();
      const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
      const context = new KafkaBatchContext([batch.topic, batch.partition, heartbeat]);
      const done = await this.untilHandled(
        () => invoke(handler, records, context),
        { isRunning, isStale, heartbeat },
        { topic: batch.topic, partition: batch.partition },
      );
      if (!done) return; // stopping or rebalanced: the uncommitted chunk is redelivered (here or to the partition's new owner)
      resolveOffset(last);
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      this.options.onCommitted?.({
        topic: batch.topic,
        partition: batch.partition,
        committed: next,
        lag,
      });
      await heartbeat();
    }
  }

  /** Retries an infrastructure failure until it succeeds; false when the consumer stops first. */
  private async untilHandled(
    run: () => Promise<void>,
    batch: Pick<EachBatchPayload, 'isRunning' | 'isStale' | 'heartbeat'>,
    where: { topic: string; partition: number },
  ): Promise<boolean> {
    const { initialMs, maxMs } = this.options.retry ?? { initialMs: 500, maxMs: 15_000 };
    const ended = (attempt: number, handled: boolean): boolean => {
      if (attempt > 0) this.options.onRetriesEnded?.({ ...where, handled });
      return handled;
    };
    for (let attempt = 0; ; attempt++) {
      if (this.closing || !batch.isRunning() || batch.isStale()) return ended(attempt, false);
      try {
        await run();
        return ended(attempt, true);
      } catch (error) {
        const delay = Math.min(maxMs, initialMs * 2 ** attempt) * (0.5 + Math.random() / 2);
        this.logger.warn(`Batch not persisted (${(error as Error).message}); partition waits, retry ${attempt + 1} in ${Math.round(delay)} ms`);
        this.options.onRetry?.({ ...where, error: error as Error });
        await sleepWithHeartbeat(delay, batch.heartbeat);
      }
    }
  }
}

async function invoke(
  handler: (data: unknown, ctx: KafkaBatchContext) => Promise<unknown>,
  records: RawMovieRecord[],
  context: KafkaBatchContext,
): Promise<void> {
  const result = await handler(records, context);
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

function toRecord(topic: string, partition: number, message: KafkaMessage): RawMovieRecord {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {}, timestamp: message.timestamp };
}

/**
 * How often a waiting consumer heartbeats: well inside kafkajs's default heartbeat interval (3 s) and session
 * timeout (30 s), so a long backoff never costs the consumer its partitions.
 */
const WAIT_HEARTBEAT_MS = 1000;

/** Waits `ms`, heartbeating every WAIT_HEARTBEAT_MS so the consumer keeps its partitions meanwhile. */
export async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_HEARTBEAT_MS, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
