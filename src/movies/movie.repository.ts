import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError, type AnyBulkWriteOperation } from 'mongodb';
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

/** The only code that writes movies. Writes go through the driver: hydrating mongoose documents costs far more than the write. */
@Injectable()
export class MovieRepository {
  constructor(
    @InjectModel(Movie.name) private readonly model: Model<Movie>,
    private readonly version: DatasetVersionRepository,
  ) {}

  /**
   * Idempotent, order-safe upsert by TMDB id. A write lands only when it is newer than
   * what is stored and its content differs; otherwise the filter misses, the upsert
   * collides with the unique tmdbId index (E11000) and that collision means "unchanged".
   * Unordered, so one refused document never fails its neighbours.
   */
  async upsertMany(writes: readonly MovieWrite[]): Promise<UpsertOutcome> {
    const outcome: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [] };
    if (writes.length === 0) return outcome;
    const now = new Date();
    const ops: AnyBulkWriteOperation[] = [];
    const inputOf: number[] = [];
    writes.forEach((write, index) => {
      const { source, ...fields } = write;
      ops.push({
        updateOne: {
          filter: { tmdbId: write.tmdbId, observedAt: { $lt: write.observedAt }, contentHash: { $ne: write.contentHash } },
          update: { $set: { ...fields, updatedAt: now }, $setOnInsert: { createdAt: now }, $addToSet: { sources: source } },
          upsert: true,
        },
      });
      inputOf.push(index);
      // Record a new source even when the content is unchanged; updatedAt stays, the data did not change.
      ops.push({ updateOne: { filter: { tmdbId: write.tmdbId, sources: { $ne: source } }, update: { $addToSet: { sources: source } } } });
      inputOf.push(-1);
    });

    let result;
    let writeErrors: { index: number; code: number; errmsg?: string }[] = [];
    try {
      result = await this.model.collection.bulkWrite(ops, { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      result = error.result;
      writeErrors = ([] as { index: number; code: number; errmsg?: string }[]).concat(error.writeErrors as never);
    }
    outcome.inserted = result.upsertedCount;
    for (const e of writeErrors) {
      const index = inputOf[e.index];
      if (index === undefined || index < 0) continue;
      if (e.code === DUPLICATE_KEY) outcome.unchanged++;
      else outcome.rejected.push({ index, code: e.code, message: e.errmsg ?? 'refused by the database' });
    }
    outcome.updated = writes.length - outcome.inserted - outcome.unchanged - outcome.rejected.length;
    if (outcome.inserted + outcome.updated > 0) await this.version.bump(now);
    return outcome;
  }

  async findByTmdbId(tmdbId: number): Promise<Movie | null> {
    return this.model.findOne({ tmdbId }).lean<Movie>().exec();
  }

  async countAll(): Promise<number> {
    return this.model.countDocuments({}).exec();
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }
}
