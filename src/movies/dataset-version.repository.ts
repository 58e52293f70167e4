import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';

export interface DatasetVersion {
  /** Goes up by one each time a write changes the movies; caches and ETags key on it. */
  generation: number;
  /** When the movies last changed (null before the first write): the `updatedAt` of the newest changed movie, for incremental refresh. */
  updatedAt: Date | null;
  /** When that change was written (its batch ended): readers judge whether the data is still moving by it. */
  writtenAt: Date | null;
  /**
   * More changes are on their way: an ingest job is running somewhere (any replica), or the
   * consumer that wrote the last change had messages queued behind it (a job can finish
   * producing well before the consumers have caught up).
   */
  ingesting: boolean;
}

interface VersionDoc {
  _id: string;
  generation: number;
  updatedAt: Date;
  writtenAt?: Date;
  /** Messages the writing consumer still had queued behind the last change, in its partition. */
  backlog?: number;
}

const MOVIES_VERSION_ID = 'movies';

/** The movies' data version, kept in MongoDB so every API replica sees the same one. */
@Injectable()
export class DatasetVersionRepository {
  private readonly collection: Collection<VersionDoc>;

  private readonly jobs: Collection<{ _id: string; state: string }>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<VersionDoc>('dataset_versions');
    // The ingest module's job records (src/ingest/jobs/ingest-job.schema.ts), read here only for "is one running".
    this.jobs = connection.collection('ingest_jobs');
  }

  async current(): Promise<DatasetVersion> {
    const [doc, running] = await Promise.all([
      this.collection.findOne({ _id: MOVIES_VERSION_ID }),
      this.jobs.findOne({ state: 'running' }, { projection: { _id: 1 } }),
    ]);
    return {
      generation: doc?.generation ?? 0,
      updatedAt: doc?.updatedAt ?? null,
      writtenAt: doc?.writtenAt ?? doc?.updatedAt ?? null,
      ingesting: running !== null || (doc?.backlog ?? 0) > 0,
    };
  }

  /**
   * One more generation: `at` is the changed movies' `updatedAt`; the write time is now; `backlog`
   * the messages the writer still has queued. With several consumers the last writer's backlog
   * stands: a consumer that caught up can hide another's for one batch, which at worst makes a
   * reader wait for a fresh answer instead of taking the kept one.
   */
  async bump(at: Date, backlog = 0): Promise<void> {
    await this.collection.updateOne(
      { _id: MOVIES_VERSION_ID },
      { $inc: { generation: 1 }, $set: { updatedAt: at, writtenAt: new Date(), backlog } },
      { upsert: true },
    );
  }
}
