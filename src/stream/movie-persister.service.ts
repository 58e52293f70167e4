import { Injectable, Logger } from '@nestjs/common';
import { MovieRepository } from '../movies/movie.repository.js';
import { toMovieWrite, type MovieWrite } from '../movies/movie.mapper.js';
import { DeadLetterPublisher, type DeadLetter } from './dead-letter.publisher.js';
import { decodeMovieRecord } from './movie-message.decoder.js';
import { MessageErrorCode } from './message-error-code.js';
import type { RawMovieRecord } from './raw-movie-record.js';
import { StreamMetrics } from './stream.metrics.js';
import { MESSAGE_HEADERS } from './topics.js';

/** Messages decoded between two turns of the event loop. */
const YIELD_EVERY = 100;

export interface PersistOutcome {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deadLettered: number;
}

/**
 * One batch off the movie topic: decode, dead-letter what is refused, upsert the rest.
 * Throws only for infrastructure failures, which the transport retries without
 * committing; every permanent failure ends on the dead-letter topic.
 */
@Injectable()
export class MoviePersister {
  private readonly logger = new Logger(MoviePersister.name);

  constructor(
    private readonly movies: MovieRepository,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: StreamMetrics,
  ) {}

  /** `backlog`: messages the consumer still has queued besides these (read when the write is recorded); kept with the data version so readers know more is coming. */
  async persist(records: readonly RawMovieRecord[], { backlog = 0 as number | (() => number) } = {}): Promise<PersistOutcome> {
    const letters: DeadLetter[] = [];
    // Within a batch only the newest copy of a movie matters (a partition keeps a movie's copies in order).
    const latest = new Map<number, { write: MovieWrite; record: RawMovieRecord }>();
    for (const [index, record] of records.entries()) {
      // Decoding a thousand messages takes tens of milliseconds: let HTTP requests in between.
      if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const decoded = decodeMovieRecord(record);
      if (!decoded.ok) {
        letters.push({ record, code: decoded.code, reason: decoded.reason });
        continue;
      }
      const write = toMovieWrite(decoded.movie);
      const seen = latest.get(write.tmdbId);
      if (!seen || seen.write.observedAt <= write.observedAt) latest.set(write.tmdbId, { write, record });
    }

    const entries = [...latest.values()];
    const outcome = await this.movies.upsertMany(
      entries.map((e) => e.write),
      { backlog },
    );
    for (const rejected of outcome.rejected) {
      const entry = entries[rejected.index]!;
      letters.push({
        record: entry.record,
        code: MessageErrorCode.REJECTED_BY_DATABASE,
        reason: `MongoDB refused the document (code ${rejected.code}): ${rejected.message}`,
      });
    }
    await this.deadLetters.publish(letters);

    const result: PersistOutcome = {
      received: records.length,
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged + (records.length - letters.length - entries.length + outcome.rejected.length),
      deadLettered: letters.length,
    };
    this.metrics.recordPersisted(result);
    this.metrics.jobOutcomes$.next(outcomesByJob(records, letters));
    this.logger.debug(`Persisted batch: ${JSON.stringify(result)}`);
    return result;
  }
}

function outcomesByJob(records: readonly RawMovieRecord[], letters: readonly DeadLetter[]): Map<string, { persisted: number; deadLettered: number }> {
  const dead = new Set(letters.map((l) => l.record));
  const byJob = new Map<string, { persisted: number; deadLettered: number }>();
  for (const record of records) {
    const jobId = record.headers[MESSAGE_HEADERS.jobId]?.toString();
    if (!jobId) continue;
    const counts = byJob.get(jobId) ?? { persisted: 0, deadLettered: 0 };
    if (dead.has(record)) counts.deadLettered++;
    else counts.persisted++;
    byJob.set(jobId, counts);
  }
  return byJob;
}
