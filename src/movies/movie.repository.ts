import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type WriteError } from 'mongodb';
import type { Model } from 'mongoose';
import { Movie } from './movie.schema.js';
import type { MovieWrite } from './movie.mapper.js';
import type { MovieChange } from './movie-change.js';

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  /** Same content, or an older copy than the one stored: nothing written. */
  unchanged: number;
  /** Documents the database refused for themselves (not an outage): index of the input and why. */
  rejected: { index: number; code: number; message: string }[];
  /** Per input, what MongoDB holds for that movie after the write (null when the document was refused). */
  stored: (MovieChange | null)[];
}

/** The fields a movie change carries, as stored. */
const CHANGE_PROJECTION = {
  title: 1,
  observedAt: 1,
  contentHash: 1,
  updatedAt: 1,
  originalLanguage: 1,
  genres: 1,
  releaseYear: 1,
  budget: 1,
  revenue: 1,
  voteAverage: 1,
  voteCount: 1,
  originalTitle: 1,
  releaseDate: 1,
  popularity: 1,
  runtime: 1,
  status: 1,
} as const;

type ChangeDoc = Pick<
  Movie,
  | 'title'
  | 'observedAt'
  | 'contentHash'
  | 'updatedAt'
  | 'originalLanguage'
  | 'genres'
  | 'releaseYear'
  | 'budget'
  | 'revenue'
  | 'voteAverage'
  | 'voteCount'
  | 'originalTitle'
  | 'releaseDate'
  | 'popularity'
  | 'runtime'
  | 'status'
> & {
  _id: number;
};

/** A stored document as a change. */
export function changeOf(doc: ChangeDoc): MovieChange {
  return {
    tmdbId: doc._id,
    title: doc.title,
    observedAt: doc.observedAt.getTime(),
    contentHash: doc.contentHash,
    updatedAt: doc.updatedAt.getTime(),
    originalLanguage: doc.originalLanguage ?? null,
    genres: (doc.genres ?? []).map((g) => ({ id: g.id, name: g.name })),
    releaseYear: doc.releaseYear ?? null,
    budget: doc.budget,
    revenue: doc.revenue,
    voteAverage: doc.voteAverage,
    voteCount: doc.voteCount,
    originalTitle: doc.originalTitle ?? null,
    releaseDate: doc.releaseDate ? doc.releaseDate.toISOString().slice(0, 10) : null,
    popularity: doc.popularity ?? null,
    runtime: doc.runtime ?? null,
    status: doc.status ?? null,
  };
}

/** A write as the change it makes, stamped with the stored version and time. */
function changeOfWrite(write: MovieWrite, observedAt: Date, updatedAt: Date): MovieChange {
  return changeOf({ ...write, _id: write.tmdbId, observedAt, updatedAt });
}

const DUPLICATE_KEY = 11000;

/** The stored document as the driver sees it: keyed by the TMDB id. */
type MovieDoc = Omit<Movie, '_id'> & { _id: number };

/** The only code that writes movies. Writes go through the driver: hydrating mongoose documents costs far more than the write. */
@Injectable()
export class MovieRepository {
  constructor(@InjectModel(Movie.name) private readonly model: Model<Movie>) {}

  /**
   * Idempotent, order-safe upsert by TMDB id (the document's `_id`). One read finds what
   * is stored; a write is sent only for a movie that is new, or newer (`observedAt`) with
   * different content (`contentHash`) — so a replay writes nothing. Every write filters on
   * `_id` alone: an equality on the primary key is the one filter every MongoDB-wire server
   * answers from an index (the local one scans for anything more). Read-then-write is safe
   * because Kafka keys movies by id: one partition, so one consumer, owns each movie.
   * Unordered, so one refused document never fails its neighbours. `stored` says, per input, what
   * MongoDB then holds: the write, or the stored copy that won over it.
   */
  async upsertMany(writes: readonly MovieWrite[]): Promise<UpsertOutcome> {
    const outcome: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [], stored: writes.map(() => null) };
    /** Inputs whose stored copy differs from them and wins (an older or tied observation): read back whole below. */
    const keptOlder: { index: number; tmdbId: number }[] = [];
    let pending = writes.map((write, index) => ({ write, index }));
    const now = new Date();
    // An insert that collides (another consumer inserted the movie a moment earlier, during a rebalance) is decided again.
    for (let round = 0; round < 3 && pending.length > 0; round++) {
      const stored = await this.storedState(pending.map((p) => p.write.tmdbId));
      const ops: AnyBulkWriteOperation<MovieDoc>[] = [];
      const planned: { index: number; write: MovieWrite; kind: 'insert' | 'update' | 'source' }[] = [];
      for (const { write, index } of pending) {
        const { source, ...fields } = write;
        const current = stored.get(write.tmdbId);
        if (!current) {
          ops.push({ insertOne: { document: { _id: write.tmdbId, ...fields, sources: [source], createdAt: now, updatedAt: now } } });
          planned.push({ index, write, kind: 'insert' });
        } else if (current.observedAt < write.observedAt && current.contentHash !== write.contentHash) {
          ops.push({ updateOne: { filter: { _id: write.tmdbId }, update: { $set: { ...fields, updatedAt: now }, $addToSet: { sources: source } } } });
          planned.push({ index, write, kind: 'update' });
        } else {
          outcome.unchanged++;
          if (current.contentHash === write.contentHash) outcome.stored[index] = changeOfWrite(write, current.observedAt, current.updatedAt);
          else keptOlder.push({ index, tmdbId: write.tmdbId });
          // A new source is recorded even when the content is unchanged; updatedAt stays, the data did not change.
          if (!current.sources.includes(source)) {
            ops.push({ updateOne: { filter: { _id: write.tmdbId }, update: { $addToSet: { sources: source } } } });
            planned.push({ index, write, kind: 'source' });
          }
        }
      }
      pending = [];
      const failed = await this.bulkWrite(ops);
      planned.forEach((plan, op) => {
        const error = failed.get(op);
        if (!error) {
          if (plan.kind === 'insert') outcome.inserted++;
          else if (plan.kind === 'update') outcome.updated++;
          if (plan.kind !== 'source') outcome.stored[plan.index] = changeOfWrite(plan.write, plan.write.observedAt, now);
        } else if (error.code === DUPLICATE_KEY && plan.kind === 'insert') pending.push({ write: plan.write, index: plan.index });
        else if (plan.kind !== 'source') outcome.rejected.push({ index: plan.index, code: error.code, message: error.errmsg ?? 'refused by the database' });
      });
    }
    for (const { index } of pending) outcome.rejected.push({ index, code: DUPLICATE_KEY, message: 'kept colliding with concurrent inserts' });
    if (keptOlder.length > 0) {
      const docs = await this.movies.find<ChangeDoc>({ _id: { $in: keptOlder.map((k) => k.tmdbId) } }, { projection: CHANGE_PROJECTION }).toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      for (const { index, tmdbId } of keptOlder) {
        const doc = byId.get(tmdbId);
        if (doc) outcome.stored[index] = changeOf(doc);
      }
    }
    return outcome;
  }

  /** The driver's view of the collection, keyed by TMDB id. */
  private get movies(): Collection<MovieDoc> {
    return this.model.collection as unknown as Collection<MovieDoc>;
  }

  private async storedState(ids: number[]): Promise<Map<number, { observedAt: Date; updatedAt: Date; contentHash: string; sources: string[] }>> {
    const docs = await this.movies
      .find<{ _id: number; observedAt: Date; updatedAt: Date; contentHash: string; sources?: string[] }>(
        { _id: { $in: ids } },
        { projection: { observedAt: 1, updatedAt: 1, contentHash: 1, sources: 1 } },
      )
      .toArray();
    return new Map(docs.map((d) => [d._id, { observedAt: d.observedAt, updatedAt: d.updatedAt, contentHash: d.contentHash, sources: d.sources ?? [] }]));
  }

  /**
   * Every stored movie as a change, in batches (the read model's snapshot at boot). The snapshot
   * need not be a point in time: the feed, followed from a position taken before it, repairs it.
   */
  async *snapshot(batchSize: number): AsyncGenerator<MovieChange[]> {
    const cursor = this.movies.find<ChangeDoc>({}, { projection: CHANGE_PROJECTION, batchSize });
    let batch: MovieChange[] = [];
    for await (const doc of cursor) {
      batch.push(changeOf(doc));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The movies with these ids (by the primary key, the one index every MongoDB-wire server uses), with the fields asked for. */
  async findByIds<T extends object>(ids: readonly number[], projection: Record<string, 0 | 1>): Promise<(T & { _id: number })[]> {
    if (ids.length === 0) return [];
    return this.movies.find<T & { _id: number }>({ _id: { $in: [...ids] } }, { projection }).toArray();
  }

  /** A quick count for sizing (the collection's metadata, not a scan). */
  async estimatedCount(): Promise<number> {
    return this.movies.estimatedDocumentCount();
  }

  /** Runs the operations unordered; per-operation failures come back by position, an outage throws. */
  private async bulkWrite(ops: AnyBulkWriteOperation<MovieDoc>[]): Promise<Map<number, { code: number; errmsg?: string }>> {
    const failed = new Map<number, { code: number; errmsg?: string }>();
    if (ops.length === 0) return failed;
    try {
      await this.movies.bulkWrite(ops, { ordered: false });
    } catch (error) {
      const writeErrors = error instanceof MongoBulkWriteError ? ([] as WriteError[]).concat(error.writeErrors) : [];
      if (writeErrors.length === 0) throw error;
      for (const e of writeErrors) failed.set(e.index, { code: e.code, errmsg: e.errmsg });
    }
    return failed;
  }

  async findByTmdbId(tmdbId: number): Promise<Movie | null> {
    return this.model.findOne({ _id: tmdbId }).lean<Movie>().exec();
  }

  async countAll(): Promise<number> {
    return this.model.countDocuments({}).exec();
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }
}
