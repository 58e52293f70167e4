#!/usr/bin/env node
// End-to-end kafkajs check against a broker: the calls the app relies on, with a throwaway
// topic and group that are always deleted again. Used as the readiness check by services.mjs.
//   node tools/services/kafka-smoke.mjs [--brokers 127.0.0.1:9092] [--light] [--json]
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import kafkajs from 'kafkajs';

const { Kafka, logLevel, Partitioners } = kafkajs;
const MESSAGES = 30;
const PARTITIONS = 3;

/** Runs the checks; resolves to { ok, steps: [{ step, ok, ms, detail?, error? }] } and never throws. */
export async function kafkaSmoke({ brokers = ['127.0.0.1:9092'], light = false, timeoutMs = 60_000 } = {}) {
  const id = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const topic = `__services-smoke-${id}`;
  const groupId = `__services-smoke-${id}`;
  const kafka = new Kafka({
    clientId: 'services-smoke',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    // The light check is polled during startup: fail fast and let the caller poll again.
    retry: light ? { retries: 0 } : { retries: 5, initialRetryTime: 200 },
  });
  const steps = [];
  let failed = false;
  const step = async (name, fn) => {
    if (failed) return undefined;
    const t0 = Date.now();
    try {
      const detail = await fn();
      steps.push({ step: name, ok: true, ms: Date.now() - t0, ...(detail === undefined ? {} : { detail }) });
      return detail;
    } catch (err) {
      failed = true;
      steps.push({ step: name, ok: false, ms: Date.now() - t0, error: describeError(err) });
      return undefined;
    }
  };

  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 5, initialRetryTime: 200 },
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 250, retry: { retries: 5 } });
  let topicCreated = false;
  let consumerJoined = false;

  const run = async () => {
    await step('admin.connect', () => admin.connect());
    await step('admin.describeCluster', async () => {
      const c = await admin.describeCluster();
      return `${c.brokers.length} broker(s), controller ${c.controller}, cluster ${c.clusterId}`;
    });
    await step('admin.listTopics', async () => `${(await admin.listTopics()).length} topic(s)`);
    if (light) return;

    await step(`admin.createTopics (${PARTITIONS} partitions)`, async () => {
      topicCreated = await admin.createTopics({
        topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      if (!topicCreated) throw new Error('createTopics returned false');
    });
    await step('admin.fetchTopicMetadata', async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const n = topics[0]?.partitions.length;
      if (n !== PARTITIONS) throw new Error(`expected ${PARTITIONS} partitions, got ${n}`);
      return `${n} partitions`;
    });
    await step('producer.connect (idempotent)', () => producer.connect());
    await step(`producer.send ${MESSAGES} keyed msgs (acks -1)`, async () => {
      const messages = Array.from({ length: MESSAGES }, (_, i) => ({
        key: `movie-${i % 7}`,
        value: JSON.stringify({ i, at: new Date().toISOString() }),
        headers: { source: 'smoke' },
      }));
      const res = await producer.send({ topic, acks: -1, messages });
      return `${new Set(res.map((r) => r.partition)).size} partition(s) written`;
    });
    await step('admin.fetchTopicOffsets', async () => {
      const offs = await admin.fetchTopicOffsets(topic);
      const total = offs.reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
      if (total !== MESSAGES) throw new Error(`expected ${MESSAGES} messages, high-low sums to ${total}`);
      return `${total} messages across ${offs.length} partitions`;
    });
    await step('consumer eachBatch + commitOffsets', async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      consumerJoined = true;
      let seen = 0;
      const done = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${seen}/${MESSAGES} consumed`)), timeoutMs / 2);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
              for (const m of batch.messages) {
                JSON.parse(m.value.toString());
                resolveOffset(m.offset);
                seen += 1;
              }
              await consumer.commitOffsets([{ topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
              await heartbeat();
              if (seen >= MESSAGES) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
      await done;
      return `${seen} consumed`;
    });
    await step('admin.fetchOffsets (group)', async () => {
      const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = res.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
      if (committed !== MESSAGES) throw new Error(`committed offsets sum to ${committed}, expected ${MESSAGES}`);
      return `committed ${committed}`;
    });
    await step('admin.describeGroups', async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return `state ${groups[0]?.state}, ${groups[0]?.members.length} member(s), protocol ${groups[0]?.protocol}`;
    });
    await step('consumer.disconnect', () => consumer.disconnect());
    await step('admin.deleteGroups', async () => {
      await admin.deleteGroups([groupId]);
      consumerJoined = false;
    });
    await step('admin.deleteTopics', async () => {
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      topicCreated = false;
    });
  };

  const deadline = new Promise((_, reject) => setTimeout(() => reject(new Error(`smoke test exceeded ${timeoutMs} ms`)), timeoutMs).unref());
  try {
    await Promise.race([run(), deadline]);
  } catch (err) {
    failed = true;
    steps.push({ step: 'overall', ok: false, ms: 0, error: describeError(err) });
  } finally {
    // Best-effort cleanup so a failed run leaves nothing behind on the broker.
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    if (consumerJoined) await admin.deleteGroups([groupId]).catch(() => {});
    if (topicCreated) await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
  return { ok: !failed, brokers, light, steps };
}

function describeError(err) {
  const parts = [err?.name, err?.type, err?.message].filter(Boolean);
  if (err?.groups) parts.push(JSON.stringify(err.groups));
  if (err?.cause && err.cause !== err) parts.push(`cause: ${describeError(err.cause)}`);
  return [...new Set(parts)].join(': ');
}

export function formatSmoke(result) {
  const lines = result.steps.map(
    (s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(44)} ${String(s.ms).padStart(6)} ms  ${s.ok ? (s.detail ?? '') : s.error}`,
  );
  return [`kafkajs smoke (${result.light ? 'light' : 'full'}) against ${result.brokers.join(',')}: ${result.ok ? 'PASSED' : 'FAILED'}`, ...lines].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--brokers');
  const brokers = (i >= 0 ? args[i + 1] : process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
  const result = await kafkaSmoke({ brokers, light: args.includes('--light') });
  console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : formatSmoke(result));
  process.exit(result.ok ? 0 : 1);
}
