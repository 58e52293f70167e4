import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceSettingsTable } from './settings-table.js';
import { SETTINGS } from './settings.js';

describe('the README settings table', () => {
  it('is the one generated from the settings definition (run `npm run docs:settings` after changing a setting)', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(replaceSettingsTable(readme)).toBe(readme);
    for (const name of Object.keys(SETTINGS)) expect(readme).toContain(`\`${name}\``);
  });
});
