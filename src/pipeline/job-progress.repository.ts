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
}

/** A mark moved by another consumer meanwhile (a rebalance): read it again, at most this often. */
const MARK_ATTEMPTS = 3;

/**
 * The consumer's side of job progress, exact across redelivery and restarts: per job and
 * partition it keeps the highest offset already counted, and counts only messages past it,
 * moving the mark in the same compare-and-set update as the counts. A chunk delivered again
 * (after a crash between this write and the offset commit) counts nothing twice.
 *
 * A job is `completed` only when everything it produced is persisted or dead-lettered: the
 * producer leaves it `persisting`, and whichever side sees the counts reach `produced` last
 * completes it.
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

  /** Completes a job that has finished producing once its consumers have handled all of it. */
  async completeIfHandled(jobId: string): Promise<boolean> {
    const job = await this.jobs.findOne({ _id: jobId }, { projection: { state: 1, progress: 1 } });
    if (!job || job.state !== 'persisting') return false;
    const { produced = 0, persisted = 0, deadLettered = 0 } = job.progress ?? {};
    if (persisted + deadLettered < produced) return false;
    const now = new Date();
    const result = await this.jobs.updateOne({ _id: jobId, state: 'persisting' }, { $set: { state: 'completed', finishedAt: now, updatedAt: now } });
    return result.modifiedCount === 1;
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
      if (result.matchedCount === 1) {
        await this.completeIfHandled(jobId);
        return;
      }
    }
    this.logger.warn(`Job ${jobId}: partition ${partition}'s count mark kept moving under this consumer; its counts wait for the next chunk`);
  }
}
