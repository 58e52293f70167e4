import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../config/settings.js';
import { TMDB_SOURCES } from './dto/start-ingest.dto.js';
import { INGEST_SOURCES } from './jobs/ingest-job.schema.js';

describe('the source lists', () => {
  it('a scheduled ingest names a source POST /ingest starts, and every such source is a job source', () => {
    // The setting's kind lists its values ("a | b | c").
    const scheduled = SETTINGS.INGEST_CRON_SOURCE.kind.split(' | ');
    expect(scheduled.length).toBeGreaterThan(0);
    for (const source of scheduled) expect(TMDB_SOURCES).toContain(source);
    for (const source of TMDB_SOURCES) expect(INGEST_SOURCES).toContain(source);
    expect(INGEST_SOURCES).toContain('file');
    expect(TMDB_SOURCES).not.toContain('file');
  });
});
