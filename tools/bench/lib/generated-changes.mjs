// The generator's movies as the feed's stored changes (MovieChange), made by the app's own mappers
// (via dist/tools.entry.js): what a persisting consumer would publish after storing them.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMovies } from '../generate.mjs';

/** The app's tools entry point, built (ensureBuild) before a case imports it. */
export const toolsEntry = (root) => import(pathToFileURL(join(root, 'dist', 'tools.entry.js')).href);

/** Yields `count` changes of generated movies (seed, ids from firstId), observed and stored at `now`. */
export async function* generatedChanges(root, { count, seed = 42, firstId = 1, now = Date.now() }) {
  const { toMovieMessage, toMovieWrite } = await toolsEntry(root);
  for (const tmdb of generateMovies({ count, seed, firstId })) {
    const mapped = toMovieMessage(tmdb, 'file', new Date(now));
    if (!mapped.ok) continue;
    const w = toMovieWrite(mapped.message);
    yield {
      tmdbId: w.tmdbId,
      title: w.title,
      observedAt: w.observedAt.getTime(),
      contentHash: w.contentHash,
      updatedAt: now,
      originalLanguage: w.originalLanguage,
      genres: w.genres,
      releaseYear: w.releaseYear,
      budget: w.budget,
      revenue: w.revenue,
      voteAverage: w.voteAverage,
      voteCount: w.voteCount,
      originalTitle: w.originalTitle,
      releaseDate: w.releaseDate ? w.releaseDate.toISOString().slice(0, 10) : null,
      popularity: w.popularity,
      runtime: w.runtime,
      status: w.status,
    };
  }
}
