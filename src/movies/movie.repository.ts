import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type WriteError } from 'mongodb';
import type { Model } from 'mongoose';
import { Movie } from './movie.schema.js';
import type { MovieWrite } from './movie.mapper.js';
import { DatasetVersionRepository } from './dataset-version.repository.js';

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  /** Same content, or an older copy than the one stored: nothing written. */
  unchanged: number;
  /** Documents the database refused for themselves (not an outage): index of the input and why. */
  rejected: { index: number; code: number; message: string }[];
}

const DUPLICATE_KEY = 11000;

/** The stored document as the driver sees it: keyed by the TMDB id. */
type MovieDoc = Omit<Movie, '_id'> & { _id: number };

/** The only code that writes movies. Writes go through the driver: hydrating mongoose documents costs far more than the write. */
@Injectable()
export class MovieRepository {
  constructor(
    @InjectModel(Movie.name) private readonly model: Model<Movie>,
    private readonly version: DatasetVersionRepository,
  ) {}

  /**
   * Idempotent, order-safe upsert by TMDB id (the document's `_id`). One read finds what
   * is stored; a write is sent only for a movie that is new, or newer (`observedAt`) with
   * different content (`contentHash`) — so a replay writes nothing. Every write filters on
   * `_id` alone: an equality on the primary key is the one filter every MongoDB-wire server
   * answers from an index (the local one scans for anything more). Read-then-write is safe
   * because Kafka keys movies by id: one partition, so one consumer, owns each movie.
   * Unordered, so one refused document never fails its neighbours.
   */
  async upsertMany(writes: readonly MovieWrite[], { backlog = 0 as number | (() => number) } = {}): Promise<UpsertOutcome> {
    const outcome: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [] };
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
        } else if (error.code === DUPLICATE_KEY && plan.kind === 'insert') pending.push({ write: plan.write, index: plan.index });
        else if (plan.kind !== 'source') outcome.rejected.push({ index: plan.index, code: error.code, message: error.errmsg ?? 'refused by the database' });
      });
    }
    for (const { index } of pending) outcome.rejected.push({ index, code: DUPLICATE_KEY, message: 'kept colliding with concurrent inserts' });
    if (outcome.inserted + outcome.updated > 0) await this.version.bump(now, typeof backlog === 'function' ? backlog() : backlog);
    return outcome;
  }

  /** The driver's view of the collection, keyed by TMDB id. */
  private get movies(): Collection<MovieDoc> {
    return this.model.collection as unknown as Collection<MovieDoc>;
  }

  private async storedState(ids: number[]): Promise<Map<number, { observedAt: Date; contentHash: string; sources: string[] }>> {
    const docs = await this.movies
      .find<{ _id: number; observedAt: Date; contentHash: string; sources?: string[] }>(
        { _id: { $in: ids } },
        { projection: { observedAt: 1, contentHash: 1, sources: 1 } },
      )
      .toArray();
    return new Map(docs.map((d) => [d._id, { observedAt: d.observedAt, contentHash: d.contentHash, sources: d.sources ?? [] }]));
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
