// Staleness as a user meets it: one new movie (a "sentinel", a TMDB id never used before, with a
// budget above every other) published to the movie topic as the ingest publishes movies; the
// persisting consumer stores it; the time from that stored write to the first answer that
// includes it. Also used to move the read model one change forward (fresh data-quality answers).
import { Kafka, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BROKERS, readModelStatus } from './app-process.mjs';
import { mongoClient } from './fresh-state.mjs';
import { get } from './http-load.mjs';
import { appMappers } from './movie-file.mjs';
import { round } from './proc-stats.mjs';

const FIRST_SENTINEL_ID = 900_000_000;
/** Above any budget the generator or TMDB holds; each sentinel adds one so the newest ranks first. */
const SENTINEL_BUDGET = 900_000_000_000;
/** The question the reader polls: the one highest budget. Same parameters on every poll, so unchanged data is answered from the memo. */
export const SENTINEL_QUESTION = '/analytics/movies/top?by=budget&limit=1&order=desc';

let producer;
let mappers;
let nextId = FIRST_SENTINEL_ID;

async function connect(root) {
  mappers ??= await appMappers(root);
  if (!producer) {
    producer = new Kafka({ clientId: 'bench-sentinel', brokers: BROKERS, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }
}

export async function closeSentinels() {
  await producer?.disconnect().catch(() => undefined);
  producer = undefined;
}

/** Publishes one new movie to the app's movie topic, exactly as the ingest does (key, headers, mapped message). Resolves with its id once Kafka acknowledged it. */
export async function publishSentinel(root, names) {
  await connect(root);
  const id = nextId++;
  const mapped = mappers.toMovieMessage(
    {
      id,
      title: `Bench sentinel ${id}`,
      original_title: `Bench sentinel ${id}`,
      original_language: 'en',
      release_date: '2020-06-01',
      budget: SENTINEL_BUDGET + (id - FIRST_SENTINEL_ID),
      revenue: 0,
      vote_average: 5,
      vote_count: 10,
      genres: [{ id: 18, name: 'Drama' }],
    },
    'file',
    new Date(),
  );
  if (!mapped.ok) throw new Error(`sentinel ${id} refused by the app's mapper: ${mapped.reason ?? JSON.stringify(mapped)}`);
  await producer.send({
    topic: names.movies,
    acks: -1,
    messages: [
      {
        key: String(id),
        value: JSON.stringify(mapped.message),
        headers: { 'schema-version': String(mapped.message.schemaVersion), source: mapped.message.source },
      },
    ],
  });
  return id;
}

/**
 * Follows the app's changelog topic (the feed) in a group of the bench's own, from its end, and keeps the
 * timestamp of each sentinel's entry: the persisting consumer publishes the entry right after MongoDB
 * acknowledged the write (and before it commits), and Kafka stamps it at that send (CreateTime). Start it
 * once the app has created the topic and before the first sentinel.
 */
export async function watchFeed(names) {
  const groupId = `${names.group}-bench-feed-watch`;
  const kafka = new Kafka({ clientId: 'bench-feed-watch', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 20 });
  const stamps = new Map();
  await consumer.connect();
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.subscribe({ topic: names.changelog, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const id = Number(m.key?.toString());
        if (id >= FIRST_SENTINEL_ID && !stamps.has(id)) stamps.set(id, Number(m.timestamp));
      }
    },
  });
  await Promise.race([joined, sleep(30_000)]);
  return {
    stamps,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      const admin = kafka.admin();
      await admin.connect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}

/**
 * One sentinel: published, then MongoDB polled for its document and the reader polled until an answer
 * names it. Wall-clock times, one machine.
 *   stalenessMs = first including answer's arrival − the timestamp of the sentinel's feed entry (see
 *     watchFeed): the entry is sent right after MongoDB acknowledged the write, so this is the time from
 *     the acknowledged write, a few milliseconds short at most (building the entry);
 *   fromStampMs = the same arrival − the document's updatedAt, which the consumer stamps before it reads
 *     and writes the chunk: an upper bound, overstating by the chunk's read and write on MongoDB;
 *   afterSeenMs = the same arrival − when the bench first saw the document (polled every 20 ms, after the
 *     acknowledgement: an understatement by up to the poll interval and the read's own time).
 * Both are late by up to one poll of the reader (20 ms plus the request).
 */
export async function measureSentinel(
  root,
  names,
  reader,
  { storeTimeoutMs = 30 * 60_000, answerTimeoutMs = 60_000, pollMs = 20, onPublish = () => {}, feed } = {},
) {
  onPublish();
  const id = await publishSentinel(root, names);
  const publishedAt = Date.now();
  const movies = (await mongoClient()).db(names.db).collection('movies');
  let doc = null;
  let seenAt = null;
  let lagAtWrite = null;
  let arrivedAt = null;
  let polls = 0;
  // During a large ingest the sentinel queues behind the backlog in the movie topic, minutes at 1M: that
  // is not staleness, so the wait for the write is long, and the reader is polled (every 20 ms) only once
  // the write is known: its feed entry seen, or its document. Nothing can include it before its feed entry.
  const armed = () => feed?.stamps.has(id) || doc !== null;
  const writeDeadline = publishedAt + storeTimeoutMs;
  let answerDeadline = Infinity;
  const watchDb = (async () => {
    while (!doc && Date.now() < writeDeadline && arrivedAt === null) {
      doc = await movies.findOne({ _id: id }, { projection: { updatedAt: 1 } });
      if (doc) {
        seenAt = Date.now();
        // What the reader still had to apply when the write was seen: where staleness goes when it is high.
        lagAtWrite = (await readModelStatus(reader.base).catch(() => null))?.lag ?? null;
      } else await sleep(armed() ? pollMs : 250);
    }
    // The answer may come first (a slow read on a busy server): the document is still needed for updatedAt.
    while (!doc && Date.now() < writeDeadline) {
      doc = await movies.findOne({ _id: id }, { projection: { updatedAt: 1 } });
      if (doc) seenAt = Date.now();
      else await sleep(pollMs);
    }
  })();
  const watchApi = (async () => {
    while (arrivedAt === null && Date.now() < Math.min(writeDeadline, answerDeadline)) {
      if (feed && !armed()) {
        await sleep(5);
        continue;
      }
      if (answerDeadline === Infinity) answerDeadline = Date.now() + answerTimeoutMs;
      const res = await get(`${reader.base}${SENTINEL_QUESTION}`).catch(() => null);
      polls++;
      if (res?.status === 200 && JSON.parse(res.body).items?.[0]?.tmdbId === id) arrivedAt = Date.now();
      else await sleep(pollMs);
    }
  })();
  await Promise.all([watchDb, watchApi]);
  if (!doc) return { id, error: `not stored within ${storeTimeoutMs / 1000} s` };
  if (arrivedAt === null) return { id, error: `stored, but not in an answer within ${answerTimeoutMs / 1000} s` };
  const writtenAt = doc.updatedAt.getTime();
  // The feed entry is usually in by now; give the watcher a moment when it is not.
  for (let i = 0; feed && !feed.stamps.has(id) && i < 100; i++) await sleep(20);
  const feedAt = feed?.stamps.get(id);
  return {
    id,
    stalenessMs: feedAt ? arrivedAt - feedAt : arrivedAt - writtenAt,
    anchor: feedAt ? 'feed entry' : 'updatedAt',
    fromStampMs: arrivedAt - writtenAt,
    afterSeenMs: arrivedAt - seenAt,
    publishToWriteMs: writtenAt - publishedAt,
    readerFeedLagAtWrite: lagAtWrite,
    polls,
  };
}

/** Median and max of the sentinels' staleness, with the counts. */
export function summarise(samples) {
  const ok = samples.filter((s) => s.stalenessMs != null);
  const sorted = ok.map((s) => s.stalenessMs).sort((a, b) => a - b);
  const seen = ok.map((s) => s.afterSeenMs).sort((a, b) => a - b);
  const stamped = ok.map((s) => s.fromStampMs).sort((a, b) => a - b);
  const mid = (v) => (v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null);
  return {
    sentinels: samples.length,
    measured: ok.length,
    failed: samples.length - ok.length,
    // Stored but never in an answer within 60 s: a staleness failure. Not stored at all: the pipeline's, not staleness.
    notInAnswer: samples.filter((s) => s.error?.startsWith('stored')).length,
    notStored: samples.filter((s) => s.error && !s.error.startsWith('stored')).length,
    duringIngest: ok.filter((s) => s.during).length,
    medianMs: round(mid(sorted), 0),
    maxMs: sorted.length ? round(sorted.at(-1), 0) : null,
    anchor: ok.every((s) => s.anchor === 'feed entry') ? 'feed entry' : ok.some((s) => s.anchor === 'feed entry') ? 'mixed' : 'updatedAt',
    medianFromStampMs: round(mid(stamped), 0),
    maxFromStampMs: stamped.length ? round(stamped.at(-1), 0) : null,
    medianAfterSeenMs: round(mid(seen), 0),
    maxAfterSeenMs: seen.length ? round(seen.at(-1), 0) : null,
    maxFeedLagAtWrite: Math.max(0, ...ok.map((s) => s.readerFeedLagAtWrite ?? 0)),
    errors: samples.filter((s) => s.error).map((s) => s.error),
  };
}

/**
 * Sentinels during a running ingest (one every `everyMs`, until `isDone()`), then `after` more once it
 * has ended, each waited for before the next. Returns the samples, each marked during or after.
 */
export async function sentinelsAround(root, names, reader, { isDone, everyMs = 3000, after = 6, minimum = 10, log = () => {}, onPublish = () => {} }) {
  const feed = await watchFeed(names);
  try {
    return await around(root, names, reader, { isDone, everyMs, after, minimum, log, onPublish, feed });
  } finally {
    await feed.stop();
  }
}

async function around(root, names, reader, { isDone, everyMs, after, minimum, log, onPublish, feed }) {
  const samples = [];
  while (!isDone()) {
    const t = Date.now();
    const s = await measureSentinel(root, names, reader, { onPublish, feed });
    samples.push({ ...s, during: true });
    log(
      s.error
        ? `  sentinel ${s.id} during the ingest: ${s.error}`
        : `  sentinel ${s.id} during the ingest: ${s.stalenessMs} ms from the ${s.anchor}, ${s.fromStampMs} from updatedAt, stored ${round(s.publishToWriteMs / 1000, 1)} s after its publish (reader's feed lag at the write: ${s.readerFeedLagAtWrite})`,
    );
    const wait = everyMs - (Date.now() - t);
    if (wait > 0 && !isDone()) await sleep(wait);
  }
  const afterCount = Math.max(after, minimum - samples.length);
  for (let i = 0; i < afterCount; i++) {
    const s = await measureSentinel(root, names, reader, { onPublish, feed });
    samples.push({ ...s, during: false });
    log(
      s.error
        ? `  sentinel ${s.id} after the ingest: ${s.error}`
        : `  sentinel ${s.id} after the ingest: ${s.stalenessMs} ms from the ${s.anchor}, ${s.fromStampMs} from updatedAt`,
    );
    await sleep(300);
  }
  return samples;
}
