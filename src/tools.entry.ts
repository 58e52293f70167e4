/**
 * What the project's own tools (tools/*.mjs: npm start, npm run docs:settings, the bench) use from the app, in
 * one built entry point, dist/tools.entry.js. The tools import nothing else from dist/ (besides running
 * dist/main.js and the CLI), so a file can move inside src/ without breaking them while this file keeps its names.
 */
import 'reflect-metadata';

export { readEnvironment } from './config/env-files.js';
export { replaceSettingsTable } from './config/settings-table.js';
export { toMovieMessage } from './ingest/movie-message.mapper.js';
export { toMovieWrite } from './movies/movie.mapper.js';
export { encodeMovieChange } from './movies/movie-change.js';
export { MovieSchema } from './movies/movie.schema.js';
export { MovieStore } from './read-model/movie-store.js';
export { computeGenreLanguage } from './analytics/compute/genre-language.js';
export { computeBudgetBands } from './analytics/compute/budget-bands.js';
export { computeExplore } from './analytics/compute/explore.js';
