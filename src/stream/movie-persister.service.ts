import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MovieRepository } from '../movies/movie.repository.js';
import type { MovieChange } from '../movies/movie-change.js';
import { JobProgressRepository, type HandledMessage } from '../pipeline/job-progress.repository.js';
import { ChangelogPublisher } from './changelog.publisher.js';
import { toMovieWrite, type MovieWrite } from '../movies/movie.mapper.js';
import { DeadLetterPublisher, type DeadLetter } from './dead-letter.publisher.js';
import { decodeMovieRecord } from './movie-message.decoder.js';
import { MessageErrorCode } from './message-error-code.js';
import type { RawMovieRecord } from './raw-movie-record.js';
import { StreamMetrics, type PersistOutcome } from './stream.metrics.js';

export type { PersistOutcome };
import { MESSAGE_HEADERS } from './topics.js';

/** Messages decoded between two turns of the event loop. */
const YIELD_EVERY = 100;

/**
 * One chunk of one partition off the movie topic: decode, dead-letter what is refused, upsert the
 * rest, publish what MongoDB now holds for each movie to the feed of stored changes, and count
 * the chunk into its jobs. Throws only for infrastructure failures, which the transport retries
 * without committing; every permanent failure ends on the dead-letter topic. Every step is
 * idempotent, so a chunk delivered again (a crash before the commit) repeats them harmlessly.
 */
@Injectable()
export class MoviePersister {
  private readonly logger = new Logger(MoviePersister.name);
  private writes = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly movies: MovieRepository,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: StreamMetrics,
    private readonly changelog: ChangelogPublisher,
    private readonly jobs: JobProgressRepository,
  ) {}

  async persist(records: readonly RawMovieRecord[]): Promise<PersistOutcome> {
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
    const outcome = await this.movies.upsertMany(entries.map((e) => e.write));
    if (++this.writes === this.config.faults.crashAfterWrites) {
      // The fault tests' crash between the MongoDB write and the feed and the commit (TEST_CRASH_AFTER_WRITES).
      this.logger.warn(`TEST_CRASH_AFTER_WRITES: killing the process after MongoDB write ${this.writes}`);
      process.kill(process.pid, 'SIGKILL');
    }
    for (const rejected of outcome.rejected) {
      const entry = entries[rejected.index]!;
      letters.push({
        record: entry.record,
        code: MessageErrorCode.REJECTED_BY_DATABASE,
        reason: `MongoDB refused the document (code ${rejected.code}): ${rejected.message}`,
      });
    }
    await this.deadLetters.publish(letters);
    // Also for movies found already stored: a redelivery after a crash between the write and this send repairs the feed.
    await this.changelog.publish(outcome.stored.filter((c): c is MovieChange => c !== null));
    await this.recordJobs(records, letters);

    const result: PersistOutcome = {
      received: records.length,
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged + (records.length - letters.length - entries.length + outcome.rejected.length),
      deadLettered: letters.length,
    };
    this.metrics.recordPersisted(result);
    this.logger.debug(`Persisted batch: ${JSON.stringify(result)}`);
    return result;
  }

  /** Each job's messages in the chunk, persisted or dead-lettered, counted exactly once per message. */
  private async recordJobs(records: readonly RawMovieRecord[], letters: readonly DeadLetter[]): Promise<void> {
    const dead = new Set(letters.map((l) => l.record));
    const byPartition = new Map<number, HandledMessage[]>();
    for (const record of records) {
      const jobId = record.headers[MESSAGE_HEADERS.jobId]?.toString();
      if (!jobId) continue;
      const list = byPartition.get(record.partition) ?? [];
      list.push({ jobId, offset: record.offset, deadLettered: dead.has(record) });
      byPartition.set(record.partition, list);
    }
    for (const [partition, handled] of byPartition) await this.jobs.recordChunk(partition, handled);
  }
}
