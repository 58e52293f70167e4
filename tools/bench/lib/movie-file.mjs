// Reads a TMDB-shaped file (CSV in the TMDB 5000 layout, or JSON Lines) into TMDB `/movie/{id}`
// objects, and maps them with the app's own built mappers so documents match the pipeline's.
import 'reflect-metadata';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

const JSON_COLUMNS = ['genres', 'keywords', 'production_companies', 'production_countries', 'spoken_languages'];
const NUMBER_COLUMNS = ['budget', 'id', 'popularity', 'revenue', 'runtime', 'vote_average', 'vote_count'];

function fromCsvRow(row) {
  const movie = { ...row };
  for (const c of JSON_COLUMNS) movie[c] = row[c] ? JSON.parse(row[c]) : [];
  for (const c of NUMBER_COLUMNS) movie[c] = row[c] === '' ? null : Number(row[c]);
  movie.release_date = row.release_date || null;
  return movie;
}

/** TMDB objects from the file, one at a time (streamed; the file is never held whole). */
export async function* readMovies(path) {
  if (path.endsWith('.csv')) {
    for await (const row of createReadStream(path).pipe(parse({ columns: true, relax_quotes: false }))) yield fromCsvRow(row);
    return;
  }
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line.trim()) yield JSON.parse(line);
}

/** The app's built mappers: TMDB object → message → document fields. */
export async function appMappers(root) {
  // The app's one entry point for tools (src/tools.entry.ts), never its other dist/ files.
  const { toMovieMessage, toMovieWrite, MovieSchema } = await import(pathToFileURL(join(root, 'dist', 'tools.entry.js')).href);
  return { toMovieMessage, toMovieWrite, indexes: MovieSchema.indexes() };
}

export function distReady(root) {
  return existsSync(join(root, 'dist', 'tools.entry.js'));
}

/** The upsert the repository does for one movie, as one bulk operation (the ceiling has no second op). */
export function upsertOp(write, now) {
  const { source, ...fields } = write;
  return {
    updateOne: {
      // Keyed as the app keys movies (_id = TMDB id), so A writes the very documents the pipeline does.
      filter: { _id: write.tmdbId },
      update: { $set: { ...fields, updatedAt: now }, $setOnInsert: { createdAt: now }, $addToSet: { sources: source } },
      upsert: true,
    },
  };
}
