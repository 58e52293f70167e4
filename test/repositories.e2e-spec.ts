import mongoose, { type Connection, type Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toMovieWrite, type MovieWrite } from '../src/movies/movie.mapper.js';
import { MovieRepository } from '../src/movies/movie.repository.js';
import { Movie, MovieSchema } from '../src/movies/movie.schema.js';
import { JobProgressRepository, type HandledMessage } from '../src/pipeline/job-progress.repository.js';
import { movieMessage } from './fixtures/movies.js';
import { MONGO_BASE } from './support/test-app.js';

/**
 * The repositories whose queries have edge cases, against the real local MongoDB-compatible server
 * (no app, no Kafka): the movie upsert's decisions per input, and the consumers' job counts.
 */

let connection: Connection;
let movieModel: Model<Movie>;
const dbName = `e2e_repo_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  connection = await mongoose.createConnection(`${MONGO_BASE}/${dbName}`, { serverSelectionTimeoutMS: 5000 }).asPromise();
  movieModel = connection.model(Movie.name, MovieSchema);
  await movieModel.createIndexes();
});
afterAll(async () => {
  await connection?.dropDatabase().catch(() => undefined);
  await connection?.close();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** A write of movie `id` as observed at T0 + `at` seconds. */
const write = (id: number, at: number, change: Parameters<typeof movieMessage>[1] = {}): MovieWrite =>
  toMovieWrite(movieMessage(id, { observedAt: new Date(T0 + at * 1000).toISOString(), ...change }));

describe('MovieRepository.upsertMany', () => {
  let repo: MovieRepository;
  const docs = () => connection.collection<{ _id: number }>('movies');
  const doc = (id: number) => docs().findOne({ _id: id }) as Promise<Record<string, unknown> | null>;

  beforeAll(() => {
    repo = new MovieRepository(movieModel);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await docs().deleteMany({});
  });

  it('inserts new movies: sources, createdAt = updatedAt, and per input the write as stored', async () => {
    const before = Date.now();
    const writes = [write(1, 0), write(2, 0, { source: 'tmdb-top-rated' })];
    const outcome = await repo.upsertMany(writes);
    expect(outcome).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: [] });
    const one = await doc(1);
    expect(one).toMatchObject({ tmdbId: 1, title: 'Message 1', sources: ['file'], contentHash: writes[0]!.contentHash, observedAt: new Date(T0) });
    expect(one!['createdAt']).toEqual(one!['updatedAt']);
    expect((one!['updatedAt'] as Date).getTime()).toBeGreaterThanOrEqual(before);
    expect((await doc(2))!['sources']).toEqual(['tmdb-top-rated']);
    expect(outcome.stored.map((s) => [s?.tmdbId, s?.observedAt, s?.contentHash, s?.updatedAt])).toEqual([
      [1, T0, writes[0]!.contentHash, (one!['updatedAt'] as Date).getTime()],
      [2, T0, writes[1]!.contentHash, expect.any(Number)],
    ]);
    expect(outcome.stored[0]).toMatchObject({ title: 'Message 1', releaseYear: 2001, releaseDate: '2001-02-03', budget: 1000, revenue: 2000 });
  });

  it('updates a movie only with a newer observation of different content; createdAt stays, sources grow', async () => {
    await repo.upsertMany([write(1, 0)]);
    const first = (await doc(1))!;
    const newer = write(1, 10, { title: 'Renamed', source: 'tmdb-discover' });
    const outcome = await repo.upsertMany([newer]);
    expect(outcome).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, rejected: [] });
    const after = (await doc(1))!;
    expect(after).toMatchObject({ title: 'Renamed', observedAt: new Date(T0 + 10_000), contentHash: newer.contentHash, sources: ['file', 'tmdb-discover'] });
    expect(after['createdAt']).toEqual(first['createdAt']);
    expect((after['updatedAt'] as Date).getTime()).toBeGreaterThanOrEqual((first['updatedAt'] as Date).getTime());
    expect(outcome.stored[0]).toMatchObject({ title: 'Renamed', observedAt: T0 + 10_000, updatedAt: (after['updatedAt'] as Date).getTime() });
  });

  it.each([
    ['older', -10],
    ['tied', 0],
  ])('keeps the stored copy over an %s observation of other content, and says so in stored', async (_kind, at) => {
    await repo.upsertMany([write(1, 0, { title: 'Kept' })]);
    const kept = (await doc(1))!;
    const outcome = await repo.upsertMany([write(1, at, { title: 'Stale' })]);
    expect(outcome).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, rejected: [] });
    expect(await doc(1)).toEqual(kept);
    expect(outcome.stored[0]).toMatchObject({
      tmdbId: 1,
      title: 'Kept',
      observedAt: T0,
      contentHash: kept['contentHash'],
      updatedAt: (kept['updatedAt'] as Date).getTime(),
    });
  });

  it('writes nothing for the same content observed later (a replay), keeping the stored version and time', async () => {
    await repo.upsertMany([write(1, 0)]);
    const kept = (await doc(1))!;
    const replay = write(1, 60);
    expect(replay.contentHash).toBe(kept['contentHash']);
    const outcome = await repo.upsertMany([replay]);
    expect(outcome).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, rejected: [] });
    expect(await doc(1)).toEqual(kept);
    expect(outcome.stored[0]).toMatchObject({ observedAt: T0, updatedAt: (kept['updatedAt'] as Date).getTime(), contentHash: replay.contentHash });
  });

  it('records a new source of unchanged content without touching updatedAt (and counts it unchanged)', async () => {
    await repo.upsertMany([write(1, 0)]);
    const kept = (await doc(1))!;
    const outcome = await repo.upsertMany([write(1, 5, { source: 'tmdb-top-rated' }), write(1, -5, { title: 'Old', source: 'tmdb-ids' })]);
    expect(outcome).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(await doc(1)).toEqual({ ...kept, sources: ['file', 'tmdb-top-rated', 'tmdb-ids'] });
    expect(outcome.stored.map((s) => s?.title)).toEqual(['Message 1', 'Message 1']);
  });

  it('decides one movie twice in a batch in order: the second insert collides, is decided again, and wins only if newer', async () => {
    const v1 = write(1, 0, { title: 'First' });
    const v2 = write(1, 10, { title: 'Second' });
    const newerLast = await repo.upsertMany([v1, v2]);
    expect(newerLast).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, rejected: [] });
    expect((await doc(1))!['title']).toBe('Second');
    expect(newerLast.stored.map((s) => s?.title)).toEqual(['First', 'Second']);

    const w3 = write(2, 10, { title: 'Newer' });
    const w4 = write(2, 0, { title: 'Older' });
    const olderLast = await repo.upsertMany([w3, w4]);
    expect(olderLast).toMatchObject({ inserted: 1, updated: 0, unchanged: 1, rejected: [] });
    expect((await doc(2))!['title']).toBe('Newer');
    expect(olderLast.stored.map((s) => s?.title)).toEqual(['Newer', 'Newer']);
  });

  it('decides again an insert that collides with a concurrent one (another consumer, during a rebalance)', async () => {
    const storedState = vi.spyOn(repo as unknown as { storedState: (ids: number[]) => Promise<Map<number, unknown>> }, 'storedState');
    // The first read sees nothing; meanwhile another consumer inserts movie 1 at an older observation.
    storedState.mockImplementationOnce(async () => {
      await new MovieRepository(movieModel).upsertMany([write(1, 0, { title: 'Concurrent' })]);
      return new Map();
    });
    const outcome = await repo.upsertMany([write(1, 10, { title: 'Mine' }), write(2, 10)]);
    expect(storedState).toHaveBeenCalledTimes(2);
    expect(storedState.mock.calls[1]![0]).toEqual([1]); // only the collided movie is read again
    expect(outcome).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, rejected: [] });
    expect((await doc(1))!['title']).toBe('Mine');
    expect(outcome.stored.map((s) => s?.title)).toEqual(['Mine', 'Message 2']);
  });

  it('gives up after three rounds of collisions: that input is rejected, its neighbours are written', async () => {
    await repo.upsertMany([write(1, 0)]);
    const real = (repo as unknown as { storedState: (ids: number[]) => Promise<Map<number, unknown>> }).storedState.bind(repo);
    // Movie 1 always looks absent, so its insert collides every round.
    vi.spyOn(repo as unknown as { storedState: (ids: number[]) => Promise<Map<number, unknown>> }, 'storedState').mockImplementation(async (ids) => {
      const state = await real(ids);
      state.delete(1);
      return state;
    });
    const outcome = await repo.upsertMany([write(2, 0), write(1, 10, { title: 'Never' }), write(3, 0)]);
    expect(outcome).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    expect(outcome.rejected).toEqual([{ index: 1, code: 11000, message: 'kept colliding with concurrent inserts' }]);
    expect(outcome.stored.map((s) => s?.tmdbId ?? null)).toEqual([2, null, 3]);
    expect((await doc(1))!['title']).toBe('Message 1');
  });

  it('answers a mixed batch input by input', async () => {
    await repo.upsertMany([write(1, 0), write(2, 0), write(3, 0, { title: 'Three' })]);
    const outcome = await repo.upsertMany([
      write(4, 0), // new
      write(1, 10, { title: 'One again' }), // newer, changed
      write(2, 10), // same content
      write(3, -10, { title: 'Old three' }), // older
    ]);
    expect(outcome).toMatchObject({ inserted: 1, updated: 1, unchanged: 2, rejected: [] });
    expect(outcome.stored.map((s) => [s?.tmdbId, s?.title])).toEqual([
      [4, 'Message 4'],
      [1, 'One again'],
      [2, 'Message 2'],
      [3, 'Three'],
    ]);
    expect(await docs().countDocuments()).toBe(4);
  });
});

interface JobDoc {
  _id: string;
  state?: string;
  progress?: { produced?: number; persisted?: number; deadLettered?: number };
  consumed?: Record<string, number>;
  producedEnds?: Record<string, number>;
  finishedAt?: Date;
  updatedAt?: Date;
}

describe('JobProgressRepository', () => {
  let repo: JobProgressRepository;
  const jobs = () => connection.collection<JobDoc>('ingest_jobs');
  const job = (id: string) => jobs().findOne({ _id: id });
  const handled = (jobId: string, offsets: number[], deadLettered: number[] = []): HandledMessage[] =>
    offsets.map((o) => ({ jobId, offset: String(o), deadLettered: deadLettered.includes(o) }));

  beforeAll(() => {
    repo = new JobProgressRepository(connection);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await jobs().deleteMany({});
    await connection.collection('leases').deleteMany({});
  });

  const newJob = (id: string, extra: Record<string, unknown> = {}) =>
    jobs().insertOne({ _id: id, state: 'running', progress: { produced: 0, persisted: 0, deadLettered: 0 }, ...extra });

  describe('recordChunk', () => {
    it('counts persisted and dead-lettered messages per job and moves the mark of the partition', async () => {
      await newJob('a');
      await newJob('b');
      await repo.recordChunk(0, [...handled('a', [0, 1, 2], [1]), ...handled('b', [3, 4]), ...handled('none', [5])]);
      expect(await job('a')).toMatchObject({ consumed: { p0: 2 }, progress: { persisted: 2, deadLettered: 1 } });
      expect(await job('b')).toMatchObject({ consumed: { p0: 4 }, progress: { persisted: 2, deadLettered: 0 } });
      expect(await job('none')).toBeNull(); // a message of no known job counts nowhere, and makes no record
    });

    it('counts nothing twice: a redelivered chunk adds nothing, an overlapping one only what lies past the mark', async () => {
      await newJob('a');
      await repo.recordChunk(1, handled('a', [10, 11, 12]));
      await repo.recordChunk(1, handled('a', [10, 11, 12]));
      expect(await job('a')).toMatchObject({ consumed: { p1: 12 }, progress: { persisted: 3 } });
      await repo.recordChunk(1, handled('a', [11, 12, 13, 14], [14]));
      expect(await job('a')).toMatchObject({ consumed: { p1: 14 }, progress: { persisted: 4, deadLettered: 1 } });
    });

    it('keeps one mark per partition', async () => {
      await newJob('a');
      await repo.recordChunk(0, handled('a', [100]));
      await repo.recordChunk(1, handled('a', [5]));
      await repo.recordChunk(0, handled('a', [5])); // below partition 0's mark: already counted
      expect(await job('a')).toMatchObject({ consumed: { p0: 100, p1: 5 }, progress: { persisted: 2 } });
    });

    it('takes offsets as numbers, not text ("9" < "10")', async () => {
      await newJob('a');
      await repo.recordChunk(0, handled('a', [9]));
      await repo.recordChunk(0, handled('a', [10]));
      expect(await job('a')).toMatchObject({ consumed: { p0: 10 }, progress: { persisted: 2 } });
    });

    it('reads the mark again when another consumer moved it between the read and the write (compare-and-set)', async () => {
      await newJob('a');
      const collection = (repo as unknown as { jobs: { findOne: (...args: unknown[]) => Promise<unknown> } }).jobs;
      const findOne = collection.findOne.bind(collection);
      const spy = vi.spyOn(collection, 'findOne').mockImplementationOnce(async (...args: unknown[]) => {
        const seen = await findOne(...args);
        // Meanwhile another consumer (a rebalance) counts offsets 0..5 of partition 0.
        await jobs().updateOne({ _id: 'a' }, { $set: { 'consumed.p0': 5 }, $inc: { 'progress.persisted': 6 } });
        return seen;
      });
      await repo.recordChunk(0, handled('a', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await job('a')).toMatchObject({ consumed: { p0: 9 }, progress: { persisted: 10 } });
    });

    it('gives up after three moved marks, counting nothing rather than twice', async () => {
      await newJob('a');
      const collection = (repo as unknown as { jobs: { findOne: (...args: unknown[]) => Promise<unknown> } }).jobs;
      const findOne = collection.findOne.bind(collection);
      let mark = 0;
      vi.spyOn(collection, 'findOne').mockImplementation(async (...args: unknown[]) => {
        const seen = await findOne(...args);
        await jobs().updateOne({ _id: 'a' }, { $set: { 'consumed.p0': mark++ } });
        return seen;
      });
      await repo.recordChunk(0, handled('a', [10, 11]));
      expect(await job('a')).toMatchObject({ consumed: { p0: 2 }, progress: { persisted: 0 } });
    });
  });

  describe('completeHandled', () => {
    it('completes a persisting job once the group has committed every partition up to its produced end', async () => {
      await newJob('a', { state: 'persisting', producedEnds: { p0: 10, p1: 5 } });
      expect(await repo.completeHandled(new Map([[0, 10]]))).toEqual([]); // partition 1 not committed: 0 < 5
      expect(
        await repo.completeHandled(
          new Map([
            [0, 10],
            [1, 4],
          ]),
        ),
      ).toEqual([]);
      expect((await job('a'))!['state']).toBe('persisting');
      const before = Date.now();
      expect(
        await repo.completeHandled(
          new Map([
            [0, 12],
            [1, 5],
          ]),
        ),
      ).toEqual(['a']);
      const done = (await job('a'))!;
      expect(done['state']).toBe('completed');
      expect((done['finishedAt'] as Date).getTime()).toBeGreaterThanOrEqual(before);
      expect(done['updatedAt']).toEqual(done['finishedAt']);
      // Completed once: a second pass finds nothing to do.
      expect(await repo.completeHandled(new Map([[0, 99]]))).toEqual([]);
    });

    it('completes a job that produced nothing at once, and leaves jobs in any other state alone', async () => {
      await newJob('empty', { state: 'persisting', producedEnds: {} });
      await newJob('bare', { state: 'persisting' });
      await newJob('running', { state: 'running', producedEnds: { p0: 1 } });
      await newJob('failed', { state: 'failed', producedEnds: { p0: 1 } });
      expect((await repo.completeHandled(new Map([[0, 100]]))).sort()).toEqual(['bare', 'empty']);
      expect((await job('running'))!['state']).toBe('running');
      expect((await job('failed'))!['state']).toBe('failed');
    });

    it('a job cancelled meanwhile is not completed over (the update is conditional on persisting)', async () => {
      await newJob('a', { state: 'persisting', producedEnds: { p0: 1 } });
      const collection = (repo as unknown as { jobs: { find: (...args: unknown[]) => unknown } }).jobs;
      const find = collection.find.bind(collection);
      vi.spyOn(collection, 'find').mockImplementationOnce((...args: unknown[]) => {
        const cursor = find(...args) as { toArray: () => Promise<unknown[]> };
        return {
          toArray: async () => {
            const found = await cursor.toArray();
            await jobs().updateOne({ _id: 'a' }, { $set: { state: 'cancelled' } });
            return found;
          },
        };
      });
      expect(await repo.completeHandled(new Map([[0, 1]]))).toEqual([]);
      expect((await job('a'))!['state']).toBe('cancelled');
    });
  });

  it('producingJobs counts the live ingest leases only', async () => {
    const leases = connection.collection<{ _id: string; expiresAt: Date }>('leases');
    const soon = new Date(Date.now() + 60_000);
    await leases.insertMany([
      { _id: 'ingest:file', expiresAt: soon },
      { _id: 'ingest:tmdb-top-rated', expiresAt: soon },
      { _id: 'ingest:tmdb-discover', expiresAt: new Date(Date.now() - 1) }, // lapsed
      { _id: 'scheduler', expiresAt: soon }, // not an ingest
      { _id: 'ingest', expiresAt: soon }, // no source: not under the prefix
    ]);
    expect(await repo.producingJobs()).toBe(2);
  });
});
