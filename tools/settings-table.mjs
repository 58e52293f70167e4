// Rewrites the settings table in README.md from src/config/settings.ts (via the build).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = resolve(import.meta.dirname, '..');
ensureBuild({ quiet: true });
const { replaceSettingsTable } = await import(join(root, 'dist', 'tools.entry.js'));
const path = join(root, 'README.md');
writeFileSync(path, replaceSettingsTable(readFileSync(path, 'utf8')));
process.stdout.write('README.md settings table updated.\n');
