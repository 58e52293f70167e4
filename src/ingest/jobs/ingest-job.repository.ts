import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { trusted, type Model } from 'mongoose';
import { emptyProgress, IngestJob, MAX_JOB_ERROR_CHARS, type IngestSource, type JobFailure, type JobProgress, type JobState } from './ingest-job.schema.js';

/** Keep the most recent failures on the job; the count keeps growing. */
const MAX_FAILURES_KEPT = 100;

@Injectable()
export class IngestJobRepository {
  constructor(@InjectModel(IngestJob.name) private readonly model: Model<IngestJob>) {}

  async create(job: { id: string; source: IngestSource; options: Record<string, unknown>; trigger: IngestJob['trigger'] }): Promise<IngestJob> {
    const now = new Date();
    const doc: IngestJob = {
      _id: job.id,
      source: job.source,
      options: job.options,
      state: 'queued',
      checkpoint: null,
      progress: emptyProgress(),
      failures: [],
      lastError: null,
      trigger: job.trigger,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      updatedAt: now,
      resumes: 0,
      cancelRequested: false,
    };
    await this.model.collection.insertOne(doc as never);
    return doc;
  }

  async findById(id: string): Promise<IngestJob | null> {
    return this.model.findOne({ _id: id }).lean<IngestJob>().exec();
  }

  async listRecent(limit: number, state?: JobState): Promise<IngestJob[]> {
    return this.model
      .find(state ? { state } : {})
      .sort({ createdAt: -1, _id: 1 })
      .limit(limit)
      .lean<IngestJob[]>()
      .exec();
  }

  async lastCompleted(source: IngestSource): Promise<IngestJob | null> {
    return this.model.findOne({ source, state: 'completed' }).sort({ finishedAt: -1 }).lean<IngestJob>().exec();
  }

  /** Jobs that were interrupted (queued by a shutdown, or running when their process died). */
  async findUnfinished(): Promise<IngestJob[]> {
    return this.model
      .find({ state: trusted({ $in: ['queued', 'running'] }) })
      .sort({ createdAt: 1 })
      .lean<IngestJob[]>()
      .exec();
  }

  async markRunning(id: string, resumed: boolean): Promise<void> {
    const now = new Date();
    await this.model.collection.updateOne({ _id: id as never }, { $set: { state: 'running', updatedAt: now }, ...(resumed ? { $inc: { resumes: 1 } } : {}) });
    await this.model.collection.updateOne({ _id: id as never, startedAt: null }, { $set: { startedAt: now } });
  }

  /** Moves the checkpoint, only ever after Kafka acknowledged what it covers. */
  async saveCheckpoint(id: string, checkpoint: Record<string, unknown>, progress: Partial<JobProgress>, failures: JobFailure[] = []): Promise<void> {
    const set: Record<string, unknown> = { checkpoint, updatedAt: new Date() };
    for (const [key, value] of Object.entries(progress)) set[`progress.${key}`] = value;
    await this.model.collection.updateOne({ _id: id as never }, { $set: set });
    if (failures.length > 0) await this.addFailures(id, failures);
  }

  async addFailures(id: string, failures: JobFailure[]): Promise<void> {
    const job = await this.model.findOne({ _id: id }, { failures: 1 }).lean<Pick<IngestJob, 'failures'>>().exec();
    const bounded = failures.slice(-MAX_FAILURES_KEPT).map((f) => ({ ...f, ref: boundErrorText(f.ref), reason: boundErrorText(f.reason) }));
    const kept = [...(job?.failures ?? []), ...bounded].slice(-MAX_FAILURES_KEPT);
    const last = bounded[bounded.length - 1]!;
    await this.model.collection.updateOne({ _id: id as never }, { $set: { failures: kept, lastError: boundErrorText(`${last.ref}: ${last.reason}`) } });
  }

  /** The producer is done: everything is in Kafka, before `producedEnds` (per partition); the consumers are still persisting it (see JobProgressRepository). */
  async finishProducing(id: string, producedEnds: Record<string, number>): Promise<void> {
    await this.model.collection.updateOne({ _id: id as never, state: 'running' }, { $set: { state: 'persisting', producedEnds, updatedAt: new Date() } });
  }

  async finish(id: string, state: Extract<JobState, 'completed' | 'failed' | 'cancelled'>, lastError?: string): Promise<void> {
    const now = new Date();
    await this.model.collection.updateOne(
      { _id: id as never },
      { $set: { state, finishedAt: now, updatedAt: now, ...(lastError ? { lastError: boundErrorText(lastError) } : {}) } },
    );
  }

  async countPersisting(): Promise<number> {
    return this.model.collection.countDocuments({ state: 'persisting' });
  }

  /** Hands a job back to the queue (graceful shutdown), so the next start resumes it. */
  async requeue(id: string): Promise<void> {
    await this.model.collection.updateOne({ _id: id as never, state: 'running' }, { $set: { state: 'queued', updatedAt: new Date() } });
  }

  /** A failed or cancelled job goes back to the queue with its checkpoint; false when it is in another state. */
  async reopen(id: string): Promise<boolean> {
    const result = await this.model.collection.updateOne(
      { _id: id as never, state: { $in: ['failed', 'cancelled'] } },
      { $set: { state: 'queued', finishedAt: null, cancelRequested: false, lastError: null, updatedAt: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  async requestCancel(id: string): Promise<IngestJob | null> {
    await this.model.collection.updateOne(
      { _id: id as never, state: { $in: ['queued', 'running'] } },
      { $set: { cancelRequested: true, updatedAt: new Date() } },
    );
    return this.findById(id);
  }

  async isCancelRequested(id: string): Promise<boolean> {
    const job = await this.model.findOne({ _id: id }, { cancelRequested: 1 }).lean<Pick<IngestJob, 'cancelRequested'>>().exec();
    return job?.cancelRequested === true;
  }
}

/** Cuts an error text to MAX_JOB_ERROR_CHARS, saying how much was cut, and never between the halves of a surrogate pair. */
export function boundErrorText(text: string): string {
  if (text.length <= MAX_JOB_ERROR_CHARS) return text;
  const note = ` ... (${text.length} characters, cut)`;
  let end = MAX_JOB_ERROR_CHARS - note.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${note}`;
}
