import { MOVIE_SOURCES, type MovieSource } from '../../stream/movie-message.dto.js';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { INGEST_JOBS_COLLECTION } from '../../pipeline/pipeline.collections.js';

/** A job reads from one of the sources a movie message names (one list: src/stream/movie-message.dto.ts). */
export const INGEST_SOURCES = MOVIE_SOURCES;
export type IngestSource = MovieSource;

/** `persisting`: everything is produced, the consumers have not yet persisted or dead-lettered all of it. */
export const JOB_STATES = ['queued', 'running', 'persisting', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgress {
  /** Pages of a TMDB list, or records of a file, read so far. */
  pagesRead: number;
  totalPages: number | null;
  moviesRead: number;
  /** Acknowledged by Kafka. */
  produced: number;
  /** Written to MongoDB by the consumers (inserted, updated or unchanged), each message counted once. */
  persisted: number;
  /** Could not be read or mapped (a TMDB failure, a bad file row); see `failures`. */
  failed: number;
  /** Refused by the consumer and sent to the dead-letter topic. */
  deadLettered: number;
}

/**
 * Characters kept of any error text stored on a job (`lastError`, a failure's `ref` and `reason`).
 * Texts quote their input (a header, a cell): without a bound a 1 MB header made a 2.5 MB `lastError`,
 * served by GET /ingest/jobs, and past MongoDB's 16 MB a job could not even be marked failed.
 */
export const MAX_JOB_ERROR_CHARS = 1000;

export interface JobFailure {
  ref: string;
  reason: string;
  at: Date;
}

/**
 * An ingest job and its checkpoint. Stored in MongoDB so any replica can report it and,
 * after a crash or restart, resume it from the checkpoint instead of starting over.
 */
@Schema({ collection: INGEST_JOBS_COLLECTION, versionKey: false })
export class IngestJob {
  @Prop({ required: true }) _id!: string;
  @Prop({ type: String, required: true, enum: INGEST_SOURCES }) source!: IngestSource;
  /** The request's options after defaults (never a credential). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) options!: Record<string, unknown>;
  @Prop({ type: String, required: true, enum: JOB_STATES }) state!: JobState;
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) checkpoint!: Record<string, unknown> | null;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) progress!: JobProgress;
  @Prop({ type: [MongooseSchema.Types.Mixed], default: [] }) failures!: JobFailure[];
  @Prop({ type: String, default: null }) lastError!: string | null;
  @Prop({ type: String, required: true }) trigger!: 'api' | 'schedule' | 'cli';
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) startedAt!: Date | null;
  @Prop({ type: Date, default: null }) finishedAt!: Date | null;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop({ default: false }) cancelRequested!: boolean;
  /** How many times the job was picked up again after an interruption. */
  @Prop({ default: 0 }) resumes!: number;
}

export const IngestJobSchema = SchemaFactory.createForClass(IngestJob);
IngestJobSchema.index({ createdAt: -1 });
IngestJobSchema.index({ state: 1 });

export function emptyProgress(): JobProgress {
  return { pagesRead: 0, totalPages: null, moviesRead: 0, produced: 0, persisted: 0, failed: 0, deadLettered: 0 };
}
