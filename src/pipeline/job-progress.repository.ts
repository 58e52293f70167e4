import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { INGEST_JOBS_COLLECTION, INGEST_LEASE_PREFIX, LEASES_COLLECTION } from './pipeline.collections.js';

/** One handled message of a job: where it was in its partition and how it ended. */
export interface HandledMessage {
  jobId: string;
  offset: string;
  deadLettered: boolean;
}

interface JobDoc {
  _id: string;
  state: string;
  progress?: { produced?: number; persisted?: number; deadLettered?: number };
  /** Per partition of the movie topic (`p<N>`): the highest offset of this job's messages already counted. */
  consumed?: Record<string, number>;
  /** Per partition (`p<N>`): the topic's end offset when the job finished producing; all of its messages lie before it. */
  producedEnds?: Record<string, number>;
}

/** A mark moved by another consumer meanwhile (a rebalance): read it again, at most this often. */
const MARK_ATTEMPTS = 3;

/**
 * The consumer's side of job progress, exact across redelivery and restarts: per job and
 * partition it keeps the highest offset already counted, and counts only messages past it,
 * moving the mark in the same compare-and-set update as the counts. A chunk delivered again
 * (after a crash between this write and the offset commit) counts nothing twice.
 *
 * A job is `completed` only when everything it produced is persisted or dead-lettered, judged by
 * offsets, not counts (completeHandled): a batch produced twice after a crash would make counts lie.
 */
@Injectable()
export class JobProgressRepository {
  private readonly logger = new Logger(JobProgressRepository.name);
  private readonly jobs: Collection<JobDoc>;
  private readonly leases: Collection<{ _id: string; expiresAt: Date }>;

  constructor(@InjectConnection() connection: Connection) {
    this.jobs = connection.collection<JobDoc>(INGEST_JOBS_COLLECTION);
    this.leases = connection.collection(LEASES_COLLECTION);
  }

  /** Counts a chunk of one partition's messages into their jobs (messages without a job are not counted). */
  async recordChunk(partition: number, messages: readonly HandledMessage[]): Promise<void> {
    const byJob = new Map<string, HandledMessage[]>();
    for (const m of messages) {
      const list = byJob.get(m.jobId);
      if (list) list.push(m);
      else byJob.set(m.jobId, [m]);
    }
    for (const [jobId, handled] of byJob) await this.recordJob(jobId, partition, handled);
  }

  /**
   * Completes the jobs that have produced everything and whose every message the consumers have
   * handled: for each partition, the persisting group has committed up to the end the topic had when
   * the job finished producing (`producedEnds`). A consumer commits a chunk only after its movies are
   * in MongoDB (or dead-lettered), on the feed and counted, so this is exact whatever was redelivered
   * or produced twice. `committed` maps partition → the group's committed offset.
   */
  async completeHandled(committed: ReadonlyMap<number, number>): Promise<string[]> {
    const persisting = await this.jobs.find({ state: 'persisting' }, { projection: { producedEnds: 1 } }).toArray();
    const completed: string[] = [];
    for (const job of persisting) {
      const ends = Object.entries(job.producedEnds ?? {});
      if (!ends.every(([partition, end]) => (committed.get(Number(partition.slice(1))) ?? 0) >= end)) continue;
      const now = new Date();
      const result = await this.jobs.updateOne({ _id: job._id, state: 'persisting' }, { $set: { state: 'completed', finishedAt: now, updatedAt: now } });
      if (result.modifiedCount === 1) completed.push(job._id);
    }
    return completed;
  }

  /** Ingest jobs producing right now: a live lease on an ingest source (a crashed producer's lease lapses within its TTL). */
  async producingJobs(): Promise<number> {
    return this.leases.countDocuments({ _id: { $gte: INGEST_LEASE_PREFIX, $lt: `${INGEST_LEASE_PREFIX}\uffff` }, expiresAt: { $gt: new Date() } });
  }

  private async recordJob(jobId: string, partition: number, handled: readonly HandledMessage[]): Promise<void> {
    const field = `consumed.p${partition}`;
    for (let attempt = 0; attempt < MARK_ATTEMPTS; attempt++) {
      const job = await this.jobs.findOne({ _id: jobId }, { projection: { consumed: 1 } });
      if (!job) return; // a job record removed (or never made): nothing to count into
      const mark = job.consumed?.[`p${partition}`] ?? -1;
      let persisted = 0;
      let deadLettered = 0;
      let last = mark;
      for (const m of handled) {
        const offset = Number(m.offset);
        if (offset <= mark) continue;
        if (m.deadLettered) deadLettered++;
        else persisted++;
        if (offset > last) last = offset;
      }
      if (last === mark) return; // all counted before (a redelivery)
      const result = await this.jobs.updateOne(
        { _id: jobId, [field]: mark === -1 ? null : mark },
        { $set: { [field]: last, updatedAt: new Date() }, $inc: { 'progress.persisted': persisted, 'progress.deadLettered': deadLettered } },
      );
      if (result.matchedCount === 1) return;
    }
    this.logger.warn(`Job ${jobId}: partition ${partition}'s count mark kept moving under this consumer; its counts wait for the next chunk`);
  }
}
