#!/usr/bin/env node
// Case A, the database's ceiling: the pipeline's documents written straight into MongoDB with the
// driver's unordered bulk upserts (batches of ~1,000, a few in flight), no Kafka, no app.
// Also fills databases for other cases. Prints one JSON line: counts, wall and write time, CPU, RSS.
//   node direct-write.mjs --root <repo> --db <name> (--file <csv|jsonl> | --generate <count>:<seed>:<firstId>) [--batch 1000] [--in-flight 3]
import { MongoClient } from 'mongodb';
import { generateMovies } from '../generate.mjs';
import { appMappers, readMovies, upsertOp } from '../lib/movie-file.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const batchSize = Number(args.batch ?? 1000);
const inFlight = Number(args['in-flight'] ?? 3);
const { toMovieMessage, toMovieWrite, indexes } = await appMappers(args.root);

function source() {
  if (args.file) return readMovies(args.file);
  const [count, seed, firstId] = args.generate.split(':').map(Number);
  return generateMovies({ count, seed, firstId });
}

const client = await MongoClient.connect(args.uri ?? 'mongodb://127.0.0.1:27017', { serverSelectionTimeoutMS: 10_000 });
const movies = client.db(args.db).collection('movies');
for (const [keys, options] of indexes) await movies.createIndex(keys, { ...options, background: undefined });

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let writeMs = 0;
let read = 0;
let upserted = 0;
let matched = 0;
let refused = 0;
const pending = new Set();
const observedAt = new Date();

async function write(ops) {
  const t = performance.now();
  try {
    const r = await movies.bulkWrite(ops, { ordered: false });
    upserted += r.upsertedCount;
    matched += r.matchedCount;
  } catch (error) {
    if (!error.result) throw error;
    upserted += error.result.upsertedCount;
    matched += error.result.matchedCount;
    refused += error.writeErrors?.length ?? 1;
  }
  writeMs += performance.now() - t;
}

let ops = [];
const flush = async () => {
  const p = write(ops).finally(() => pending.delete(p));
  pending.add(p);
  ops = [];
  if (pending.size >= inFlight) await Promise.race(pending);
};
for await (const details of source()) {
  read++;
  const mapped = toMovieMessage(details, 'file', observedAt);
  if (!mapped.ok) {
    refused++;
    continue;
  }
  ops.push(upsertOp(toMovieWrite(mapped.message), new Date()));
  if (ops.length >= batchSize) await flush();
}
if (ops.length) await flush();
await Promise.all(pending);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await client.close();
process.stdout.write(
  JSON.stringify({
    read,
    upserted,
    matched,
    refused,
    wallMs,
    writeMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
