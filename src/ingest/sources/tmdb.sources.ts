import type { TmdbClient } from '../../tmdb/tmdb.client.js';
import { TmdbError, TmdbErrorCode } from '../../tmdb/tmdb.errors.js';
import type { TmdbListMovie, TmdbMovieDetails, TmdbPage } from '../../tmdb/tmdb.types.js';
import type { Checkpoint, MovieSourceReader, SourceChunk } from './ingest-source.js';

/** Failures that stop the whole job (no usable credential); everything else is recorded per page or movie. */
const FATAL = new Set<TmdbErrorCode>([TmdbErrorCode.NO_USABLE_KEY, TmdbErrorCode.UNAUTHORIZED]);

/** `/movie/{id}` for each id, a few at a time; a movie that fails after its retries is a recorded failure. */
async function fetchDetails(tmdb: TmdbClient, ids: number[], concurrency: number, signal: AbortSignal): Promise<Pick<SourceChunk, 'movies' | 'failures'>> {
  const movies: (TmdbMovieDetails | undefined)[] = new Array(ids.length);
  const failures: SourceChunk['failures'] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length && !signal.aborted) {
      const index = next++;
      try {
        movies[index] = await tmdb.movieDetails(ids[index]!);
      } catch (error) {
        if (error instanceof TmdbError && FATAL.has(error.code)) throw error;
        failures.push({ ref: `movie ${ids[index]}`, reason: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return { movies: movies.filter((m): m is TmdbMovieDetails => m !== undefined), failures };
}

/** Reads pages `from.page + 1 … pages` of a list and enriches every movie with its details. */
async function* readPagedList(
  tmdb: TmdbClient,
  fetchPage: (page: number) => Promise<TmdbPage<TmdbListMovie>>,
  pages: number,
  from: Checkpoint | null,
  concurrency: number,
  signal: AbortSignal,
): AsyncIterable<SourceChunk> {
  let page = typeof from?.['page'] === 'number' ? from['page'] + 1 : 1;
  let last = pages;
  while (page <= last && !signal.aborted) {
    let list: TmdbPage<TmdbListMovie>;
    try {
      list = await fetchPage(page);
    } catch (error) {
      if (error instanceof TmdbError && FATAL.has(error.code)) throw error;
      yield { movies: [], failures: [{ ref: `page ${page}`, reason: (error as Error).message }], checkpoint: { page }, pagesRead: page, totalPages: last };
      page++;
      continue;
    }
    last = Math.min(pages, list.total_pages);
    const details = await fetchDetails(tmdb, list.results.map((m) => m.id), concurrency, signal);
    yield { ...details, checkpoint: { page }, pagesRead: page, totalPages: last };
    page++;
  }
}

export class TmdbTopRatedSource implements MovieSourceReader {
  constructor(
    private readonly tmdb: TmdbClient,
    private readonly options: { pages: number; concurrency: number },
  ) {}

  read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    return readPagedList(this.tmdb, (page) => this.tmdb.topRated({ page }), this.options.pages, from, this.options.concurrency, signal);
  }
}

export class TmdbIdsSource implements MovieSourceReader {
  constructor(
    private readonly tmdb: TmdbClient,
    private readonly options: { ids: number[]; concurrency: number },
  ) {}

  async *read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    const size = 20;
    const ids = this.options.ids;
    const total = Math.ceil(ids.length / size);
    for (let page = typeof from?.['page'] === 'number' ? from['page'] + 1 : 1; page <= total && !signal.aborted; page++) {
      const details = await fetchDetails(this.tmdb, ids.slice((page - 1) * size, page * size), this.options.concurrency, signal);
      yield { ...details, checkpoint: { page }, pagesRead: page, totalPages: total };
    }
  }
}
