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

function server() {
  const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9', MONGODB_URI: 'mongodb://127.0.0.1:9/x' });
  const s = new KafkaBatchServer({ kafka: config.kafka, routes: { [TOPIC]: PATTERN } });
  // Offsets are committed after each chunk; no broker here.
  (s as unknown as { consumer: { commitOffsets: () => Promise<void> } }).consumer = { commitOffsets: async () => undefined };
  // onBatch is what kafkajs calls for each fetched batch; private, so reached through a cast.
  const onBatch = (p: EachBatchPayload) => (s as unknown as { onBatch(p: EachBatchPayload): Promise<void> }).onBatch(p);
  return { addHandler: s.addHandler.bind(s), onBatch };
}

describe('KafkaBatchServer backlog', () => {
  it('reads the backlog when the write is recorded, summed over the partitions behind their chunks', async () => {
    const s = server();
    const seen: { partition: number; at: string; backlog: number }[] = [];
    let releaseP0!: () => void;
    const p0Gate = new Promise<void>((resolve) => (releaseP0 = resolve));
    s.addHandler(
      PATTERN,
      async (_records: unknown, context: KafkaBatchContext) => {
        seen.push({ partition: context.getPartition(), at: 'start', backlog: context.getBacklog() });
        if (context.getPartition() === 0) await p0Gate;
        seen.push({ partition: context.getPartition(), at: 'end', backlog: context.getBacklog() });
      },
      true,
    );
    // Partition 1: 10 of 25 fetched (15 behind). Then partition 0's only chunk (its end) starts and is slow to write,
    // while partition 1's last 15 are written.
    await s.onBatch(payload(1, 10, 25));
    const p0 = s.onBatch(payload(0, 10, 10));
    await new Promise((resolve) => setImmediate(resolve));
    const p1Last = payload(1, 15, 25);
    (p1Last.batch.messages as { offset: string }[]).forEach((m, i) => (m.offset = String(10 + i)));
    await s.onBatch(p1Last);
    releaseP0();
    await p0;
    expect(seen).toEqual([
      { partition: 1, at: 'start', backlog: 15 },
      { partition: 1, at: 'end', backlog: 15 },
      // Partition 0's chunk starts while partition 1 has 15 to go.
      { partition: 0, at: 'start', backlog: 15 },
      // Partition 1's last chunk: nothing behind it, nor behind partition 0's (still being written: it records its own when it lands).
      { partition: 1, at: 'start', backlog: 0 },
      { partition: 1, at: 'end', backlog: 0 },
      // By the time partition 0's chunk is written, nothing is left (a backlog taken at its start would say 15).
      { partition: 0, at: 'end', backlog: 0 },
    ]);
  });
});
