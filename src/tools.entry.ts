/**
 * What the project's own tools (tools/*.mjs: npm start, npm run docs:settings, the bench) use from the app, in
 * one built entry point, dist/tools.entry.js. The tools import nothing else from dist/ (besides running
 * dist/main.js and the CLI), so a file can move inside src/ without breaking them while this file keeps its names.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { QUESTION_UNITS } from './analytics/questions/index.js';
import { withDefaults } from './common/dto/query-params.js';
import type { MovieStore } from './read-model/movie-store.js';

export { readEnvironment } from './config/env-files.js';
export { replaceSettingsTable } from './config/settings-table.js';
export { toMovieMessage } from './ingest/movie-message.mapper.js';
export { toMovieWrite } from './movies/movie.mapper.js';
export { encodeMovieChange } from './movies/movie-change.js';
export { MovieSchema } from './movies/movie.schema.js';
export { MovieStore } from './read-model/movie-store.js';
export { LAYOUT_QUIET_MS, layOut, layoutState } from './analytics/compute/genre-layout.js';
export { layoutAnswers } from './analytics/compute/cells.js';

/**
 * A question's answer (without its envelope) for a raw query, computed on `store` as the API computes it: the query
 * made into the question's DTO and validated as the HTTP edge's ValidationPipe does, its defaults applied, then the
 * question's own compute. For the bench's in-process case; a query the API would refuse throws with the reasons.
 */
export function answerOf(route: string, query: Record<string, string>, store: MovieStore): unknown {
  const unit = QUESTION_UNITS.find((u) => u.route === route);
  if (!unit) throw new Error(`no question at /analytics/${route}`);
  const dto = plainToInstance(unit.query, query, { enableImplicitConversion: false }) as object;
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new Error(`/analytics/${route}?${new URLSearchParams(query)}: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
  const spearman = () => Promise.reject(new Error('answerOf computes in process: no Spearman worker'));
  return unit.compute(store, withDefaults(unit.query, dto), { spearman });
}
