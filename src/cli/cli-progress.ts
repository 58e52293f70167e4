import type { IngestService } from '../ingest/ingest.service.js';
import type { IngestJob } from '../ingest/jobs/ingest-job.schema.js';

const POLL_MS = 500;
/** After producing ends, how long the CLI waits for the consumers to persist the rest (a job stays `persisting` until they have). */
const SETTLE_MS = 120_000;

/** A one-line progress bar on a terminal, a line every few seconds elsewhere (CI logs). */
export class CliProgress {
  private readonly tty = process.stderr.isTTY === true;
  private readonly started = Date.now();
  private lastLine = 0;

  note(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  /** Follows the job until it ended: completed (every produced movie persisted or dead-lettered), failed or cancelled. */
  async follow(ingest: IngestService, id: string): Promise<IngestJob> {
    let settleDeadline = 0;
    for (;;) {
      const job = await ingest.get(id);
      this.draw(job);
      if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') return job;
      if (job.state === 'persisting') {
        settleDeadline ||= Date.now() + SETTLE_MS;
        if (Date.now() > settleDeadline) return job;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  summary(job: IngestJob): void {
    if (this.tty) process.stderr.write('\n');
    const p = job.progress;
    const seconds = (Date.now() - this.started) / 1000;
    process.stdout.write(
      [
        `Job ${job._id} ${job.state} in ${seconds.toFixed(1)} s`,
        `  read ${p.moviesRead}, produced ${p.produced}, persisted ${p.persisted}, dead-lettered ${p.deadLettered}, failed ${p.failed}`,
        ...(job.lastError ? [`  last error: ${job.lastError}`] : []),
        ...(p.persisted + p.deadLettered < p.produced
          ? [`  ${p.produced - p.persisted - p.deadLettered} movies still on their way to MongoDB (is a consumer running?)`]
          : []),
        '',
      ].join('\n'),
    );
  }

  private draw(job: IngestJob): void {
    const p = job.progress;
    const total = p.totalPages ? ` of ${p.totalPages}` : '';
    const ratio = p.totalPages ? Math.min(1, p.pagesRead / p.totalPages) : undefined;
    const bar = ratio === undefined ? '' : `[${'#'.repeat(Math.round(ratio * 30)).padEnd(30, '.')}] `;
    const line = `${bar}${job.state}: ${p.pagesRead}${total} ${job.source === 'file' ? 'records' : 'pages'}, produced ${p.produced}, persisted ${p.persisted}, failed ${p.failed}, dead-lettered ${p.deadLettered}`;
    if (this.tty) process.stderr.write(`\r${line.padEnd(120)}`);
    else if (Date.now() - this.lastLine > 5000) {
      process.stderr.write(`${line}\n`);
      this.lastLine = Date.now();
    }
  }
}
