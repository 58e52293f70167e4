import 'reflect-metadata';
import { createReadStream, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApp } from '../app.factory.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { readEnvironment } from '../config/env-files.js';
import { IngestService } from '../ingest/ingest.service.js';
import { TMDB_SOURCES, type TmdbSource } from '../ingest/dto/start-ingest.dto.js';
import type { IngestJob } from '../ingest/jobs/ingest-job.schema.js';
import { CliProgress } from './cli-progress.js';

const USAGE = `Usage:
  npm run ingest -- --file <path> [--format csv|jsonl|auto]
  npm run ingest -- --sample <count> [--seed N]     (generated TMDB-shaped movies, no file needed)
  npm run ingest -- --source tmdb-top-rated|tmdb-discover|tmdb-changes [--pages N] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  npm run ingest -- --source tmdb-ids --ids 550,603,13
Runs the ingest through Kafka like POST /ingest, consumes in this process too, and waits until MongoDB has every movie.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      source: { type: 'string' },
      pages: { type: 'string' },
      ids: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.file && !values.source)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 64;
  }
  if (values.file && !['csv', 'jsonl', 'auto'].includes(values.format)) throw new UsageError(`--format must be csv, jsonl or auto (got "${values.format}")`);
  if (values.source && !(TMDB_SOURCES as readonly string[]).includes(values.source)) throw new UsageError(`--source must be one of ${TMDB_SOURCES.join(', ')}`);

  const config = loadConfig({ ...readEnvironment(), LOG_LEVEL: values['log-level'] });
  config.ingest.resumeInterrupted = false;
  const app = await createApp(config);
  await app.init();
  const ingest = app.get(IngestService);
  const progress = new CliProgress();
  let job: IngestJob;
  try {
    if (values.file) {
      const size = statSync(values.file).size;
      job = await ingest.startFile(
        createReadStream(values.file),
        { format: values.format as 'csv' | 'jsonl' | 'auto', name: values.file.split('/').pop()!, maxBytes: Number.MAX_SAFE_INTEGER },
        'cli',
      );
      progress.note(`Job ${job._id}: ${values.file} (${(size / 1e6).toFixed(1)} MB)`);
    } else {
      const options: Record<string, unknown> = {};
      if (values.pages) options['pages'] = positiveInt('--pages', values.pages);
      if (values.ids) options['ids'] = values.ids.split(',').map((id) => positiveInt('--ids', id));
      if (values.from) options['from'] = values.from;
      if (values.to) options['to'] = values.to;
      job = await ingest.start(values.source as TmdbSource, options, 'cli');
      progress.note(`Job ${job._id}: ${values.source} ${JSON.stringify(options)}`);
    }
    const finished = await progress.follow(ingest, job._id);
    progress.summary(finished);
    return finished.state === 'completed' ? 0 : 1;
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} takes whole numbers >= 1 (got "${value}")`);
  return n;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) for (const p of error.problems) process.stderr.write(`Configuration error: ${p}\n`);
    else process.stderr.write(`${error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Ingest failed: ${(error as Error).message}`}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
