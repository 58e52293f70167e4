import { describe, expect, it } from 'vitest';
import type { EachBatchPayload } from 'kafkajs';
import { loadConfig } from '../config/app-config.js';
import { KafkaBatchContext, KafkaBatchServer } from './kafka-batch.transport.js';

const TOPIC = 'movies';
const PATTERN = 'movies.batch';

/** A fetched batch of `count` messages from offset 0 of `partition`, its partition's end at `highWatermark`. */
function payload(partition: number, count: number, highWatermark: number): EachBatchPayload {
  const messages = Array.from({ length: count }, (_, i) => ({ offset: String(i), key: null, value: Buffer.from('{}'), headers: {}, timestamp: '0' }));
  return {
    batch: { topic: TOPIC, partition, highWatermark: String(highWatermark), messages },
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
}

function server(commits: string[], calls: { retries?: unknown[]; ended?: unknown[] } = {}) {
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9', MONGODB_URI: 'mongodb://127.0.0.1:9/x', KAFKA_CONSUMER_BATCH_MAX: '4' });
  const s = new KafkaBatchServer({
    kafka: config.kafka,
    routes: { [TOPIC]: PATTERN },
    retry: { initialMs: 1, maxMs: 1 },
    onRetry: ({ topic, partition, error }) => calls.retries?.push({ topic, partition, message: error.message }),
    onRetriesEnded: (info) => calls.ended?.push(info),
  });
  // No broker here: commits are recorded.
  (s as unknown as { consumer: { commitOffsets: (o: { offset: string }[]) => Promise<void> } }).consumer = {
    commitOffsets: async (o) => void commits.push(o[0]!.offset),
  };
  // onBatch is what kafkajs calls for each fetched batch; private, so reached through a cast.
  const onBatch = (p: EachBatchPayload) => (s as unknown as { onBatch(p: EachBatchPayload): Promise<void> }).onBatch(p);
  return { addHandler: s.addHandler.bind(s), onBatch };
}

describe('KafkaBatchServer', () => {
  it('hands over chunks of at most the batch size and commits each only after its handler resolved', async () => {
    const commits: string[] = [];
    const s = server(commits);
    const seen: { partition: number; first: string; size: number; committedBefore: number }[] = [];
    s.addHandler(
      PATTERN,
      async (records: { offset: string }[], context: KafkaBatchContext) => {
        seen.push({ partition: context.getPartition(), first: records[0]!.offset, size: records.length, committedBefore: commits.length });
      },
      true,
    );
    await s.onBatch(payload(2, 10, 10));
    expect(seen).toEqual([
      { partition: 2, first: '0', size: 4, committedBefore: 0 },
      { partition: 2, first: '4', size: 4, committedBefore: 1 },
      { partition: 2, first: '8', size: 2, committedBefore: 2 },
    ]);
    expect(commits).toEqual(['4', '8', '10']);
  });

  it('retries a chunk whose handler failed, committing nothing past it until it succeeds', async () => {
    const commits: string[] = [];
    const retries: unknown[] = [];
    const ended: unknown[] = [];
    const s = server(commits, { retries, ended });
    let calls = 0;
    s.addHandler(
      PATTERN,
      async () => {
        calls++;
        if (calls <= 2) {
          expect(commits).toEqual([]);
          throw new Error('MongoDB unreachable');
        }
      },
      true,
    );
    await s.onBatch(payload(0, 3, 3));
    expect(calls).toBe(3);
    expect(commits).toEqual(['3']);
    // Each failed attempt is reported with its partition and reason (the consumer's status on /health).
    expect(retries).toEqual([
      { topic: TOPIC, partition: 0, message: 'MongoDB unreachable' },
      { topic: TOPIC, partition: 0, message: 'MongoDB unreachable' },
    ]);
    expect(ended).toEqual([{ topic: TOPIC, partition: 0, handled: true }]);
  });

  it('lets go of a failing chunk when the consumer stops, commits nothing, and says so', async () => {
    const commits: string[] = [];
    const retries: unknown[] = [];
    const ended: unknown[] = [];
    const s = server(commits, { retries, ended });
    let running = true;
    s.addHandler(
      PATTERN,
      async () => {
        running = false; // the consumer is told to stop while this attempt fails
        throw new Error('MongoDB unreachable');
      },
      true,
    );
    await s.onBatch({ ...payload(5, 3, 3), isRunning: () => running });
    expect(commits).toEqual([]);
    expect(retries).toHaveLength(1);
    expect(ended).toEqual([{ topic: TOPIC, partition: 5, handled: false }]);
  });
});
