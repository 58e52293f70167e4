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
   * More changes are on their way: an ingest job is running somewhere (any replica), a job that
   * finished lately has movies in Kafka its consumers have not yet persisted (a job is done once it
   * has produced, which can be well before the consumers catch up), or the consumer that wrote the
   * last change had messages queued behind it.
   */
  ingesting: boolean;
}

interface VersionDoc {
  _id: string;
  generation: number;
  updatedAt: Date;
  writtenAt?: Date;
  /** Messages the writing consumer still had queued when it recorded the last change, over the partitions it holds. */
  backlog?: number;
}

const MOVIES_VERSION_ID = 'movies';

/**
 * How long after a job finished its movies still waiting in Kafka count as "more to come". Past
 * it (consumers that far behind, or counts lost to a crash between a write and its count), the
 * consumers' own backlog is the only signal.
 */
export const IN_FLIGHT_WINDOW_MS = 15 * 60_000;

interface JobDoc {
  _id: string;
  state: string;
  progress?: { produced?: number; persisted?: number; deadLettered?: number };
}

/** A job still producing, or one whose produced movies the consumers have not all handled yet. */
export function hasMoviesInFlight(job: Pick<JobDoc, 'state' | 'progress'>): boolean {
  if (job.state === 'running') return true;
  const { produced = 0, persisted = 0, deadLettered = 0 } = job.progress ?? {};
  return persisted + deadLettered < produced;
}

/** The movies' data version, kept in MongoDB so every API replica sees the same one. */
@Injectable()
export class DatasetVersionRepository {
  private readonly collection: Collection<VersionDoc>;

  private readonly jobs: Collection<JobDoc>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<VersionDoc>('dataset_versions');
    // The ingest module's job records (src/ingest/jobs/ingest-job.schema.ts), read here only for "is one running".
    this.jobs = connection.collection('ingest_jobs');
  }

  async current(): Promise<DatasetVersion> {
    const finishedSince = new Date(Date.now() - IN_FLIGHT_WINDOW_MS);
    const [doc, jobs] = await Promise.all([
      this.collection.findOne({ _id: MOVIES_VERSION_ID }),
      this.jobs
        .find(
          { $or: [{ state: 'running' }, { state: { $in: ['completed', 'failed', 'cancelled'] }, finishedAt: { $gt: finishedSince } }] },
          { projection: { state: 1, progress: 1 } },
        )
        .limit(50)
        .toArray(),
    ]);
    return {
      generation: doc?.generation ?? 0,
      updatedAt: doc?.updatedAt ?? null,
      writtenAt: doc?.writtenAt ?? doc?.updatedAt ?? null,
      ingesting: jobs.some(hasMoviesInFlight) || (doc?.backlog ?? 0) > 0,
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
