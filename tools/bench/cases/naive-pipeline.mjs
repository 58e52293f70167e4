#!/usr/bin/env node
// Case N, the pipeline as such pipelines are often first written (the seed did this): one Kafka
// send per movie, awaited like a flush, and one insertOne per consumed message. Same mappers and
// documents as the app; its own topic, group and database. Prints one JSON line.
//   node naive-pipeline.mjs --root <repo> --file <csv|jsonl> --db <name> --topic <t> --group <g>
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { appMappers, readMovies } from '../lib/movie-file.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const { toMovieMessage, toMovieWrite } = await appMappers(args.root);
const kafka = new Kafka({ clientId: 'bench-naive', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: args.topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
const client = await MongoClient.connect('mongodb://127.0.0.1:27017', { serverSelectionTimeoutMS: 10_000 });
const movies = client.db(args.db).collection('movies');
await movies.createIndex({ tmdbId: 1 }, { unique: true });

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const consumer = kafka.consumer({ groupId: args.group });
await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: args.topic, fromBeginning: true });
let inserted = 0;
let failed = 0;
let expected = Infinity;
let done;
const finished = new Promise((resolve) => (done = resolve));
const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
await consumer.run({
  eachMessage: async ({ message }) => {
    const write = toMovieWrite(JSON.parse(message.value.toString()));
    const { source, ...fields } = write;
    const now = new Date();
    try {
      await movies.insertOne({ ...fields, sources: [source], createdAt: now, updatedAt: now });
      inserted++;
    } catch {
      failed++;
    }
    if (inserted + failed >= expected) done();
  },
});
await joined;

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let produced = 0;
const observedAt = new Date();
for await (const details of readMovies(args.file)) {
  const mapped = toMovieMessage(details, 'file', observedAt);
  if (!mapped.ok) continue;
  await producer.send({ topic: args.topic, acks: -1, messages: [{ key: String(mapped.message.tmdbId), value: JSON.stringify(mapped.message) }] });
  produced++;
}
const produceMs = performance.now() - t0;
expected = produced;
if (inserted + failed >= expected) done();
await finished;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    produced,
    inserted,
    failed,
    produceMs,
    wallMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
await admin.deleteTopics({ topics: [args.topic] }).catch(() => undefined);
await admin.deleteGroups([args.group]).catch(() => undefined);
await admin.disconnect();
await client.db(args.db).dropDatabase();
await client.close();
