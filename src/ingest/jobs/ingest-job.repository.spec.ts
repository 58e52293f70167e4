import { describe, expect, it } from 'vitest';
import { boundErrorText } from './ingest-job.repository.js';
import { MAX_JOB_ERROR_CHARS } from './ingest-job.schema.js';

describe('boundErrorText', () => {
  it('keeps a text up to the limit as it is', () => {
    const text = 'e'.repeat(MAX_JOB_ERROR_CHARS);
    expect(boundErrorText(text)).toBe(text);
  });

  it('cuts a longer text to the limit and says how long it was', () => {
    const cut = boundErrorText(`line 2: ${'x'.repeat(2_500_000)}`);
    expect(cut).toHaveLength(MAX_JOB_ERROR_CHARS);
    expect(cut).toMatch(/^line 2: x+ \.\.\. \(2500008 characters, cut\)$/);
  });

  it('never keeps half of a surrogate pair', () => {
    const note = ' ... (2000 characters, cut)';
    const text = `${'a'.repeat(MAX_JOB_ERROR_CHARS - note.length - 1)}${'😀'.repeat(1000)}`.slice(0, 2000);
    const cut = boundErrorText(text);
    expect(cut.endsWith(`a${note}`)).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(MAX_JOB_ERROR_CHARS);
  });
});
