import type { TmdbClient } from '../../tmdb/tmdb.client.js';
import { addDays, bisectWindow, changeWindows, isIsoDate } from '../../tmdb/date-window.js';
import { TmdbError, TmdbErrorCode } from '../../tmdb/tmdb.errors.js';
import type { TmdbListMovie, TmdbMovieDetails, TmdbPage } from '../../tmdb/tmdb.types.js';
import type { Checkpoint, MovieSourceReader, SourceChunk } from './ingest-source.js';

/**
 * Failures that stop the whole job: no usable credential, or TMDB still unreachable, throttling
 * or failing after the client's retries (an outage). The job fails with its checkpoint at the
 * last page it finished and resumes from there; nothing is skipped. What is wrong with one item
 * (a movie TMDB does not have, a malformed payload, a refused request) is recorded and the job goes on.
 */
const FATAL = new Set<TmdbErrorCode>([
  TmdbErrorCode.NO_USABLE_KEY,
  TmdbErrorCode.UNAUTHORIZED,
  TmdbErrorCode.NETWORK,
  TmdbErrorCode.TIMEOUT,
  TmdbErrorCode.SERVER_ERROR,
  TmdbErrorCode.RATE_LIMITED,
]);
const IDS_PER_CHUNK = 20;
const TMDB_PER_PAGE = 20;

/** Rethrows what must stop the job (a fatal TMDB error, or the job's own abort); otherwise the reason to record. */
function recordable(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) throw signal.reason;
  if (error instanceof TmdbError && FATAL.has(error.code)) throw error;
  return error instanceof Error ? error.message : String(error);
}

/** `/movie/{id}` for each id, a few at a time; a movie that fails after its retries is a recorded failure. */
async function fetchDetails(tmdb: TmdbClient, ids: number[], concurrency: number, signal: AbortSignal): Promise<Pick<SourceChunk, 'movies' | 'failures'>> {
  const movies: (TmdbMovieDetails | undefined)[] = new Array(ids.length);
  const failures: SourceChunk['failures'] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      try {
        movies[index] = await tmdb.movieDetails(ids[index]!, { signal });
      } catch (error) {
        failures.push({ ref: `movie ${ids[index]}`, reason: recordable(error, signal) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return { movies: movies.filter((m): m is TmdbMovieDetails => m !== undefined), failures };
}

/** Reads pages `from.page + 1 … pages` of a list (never past TMDB's page cap) and enriches every movie with its details. */
async function* readPagedList(
  tmdb: TmdbClient,
  fetchPage: (page: number) => Promise<TmdbPage<TmdbListMovie>>,
  pages: number,
  from: Checkpoint | null,
  concurrency: number,
  signal: AbortSignal,
): AsyncIterable<SourceChunk> {
  let page = typeof from?.['page'] === 'number' ? from['page'] + 1 : 1;
  let last = Math.min(pages, tmdb.pageCap);
  while (page <= last && !signal.aborted) {
    let list: TmdbPage<TmdbListMovie>;
    try {
      list = await fetchPage(page);
    } catch (error) {
      yield { movies: [], failures: [{ ref: `page ${page}`, reason: recordable(error, signal) }], checkpoint: { page }, pagesRead: page, totalPages: last };
      page++;
      continue;
    }
    last = Math.min(pages, tmdb.pageCap, list.total_pages);
    const details = await fetchDetails(
      tmdb,
      list.results.map((m) => m.id),
      concurrency,
      signal,
    );
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
    return readPagedList(this.tmdb, (page) => this.tmdb.topRated({ page }, { signal }), this.options.pages, from, this.options.concurrency, signal);
  }
}

export class TmdbIdsSource implements MovieSourceReader {
  constructor(
    private readonly tmdb: TmdbClient,
    private readonly options: { ids: number[]; concurrency: number },
  ) {}

  async *read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    const ids = this.options.ids;
    const total = Math.ceil(ids.length / IDS_PER_CHUNK);
    for (let page = typeof from?.['page'] === 'number' ? from['page'] + 1 : 1; page <= total && !signal.aborted; page++) {
      const details = await fetchDetails(this.tmdb, ids.slice((page - 1) * IDS_PER_CHUNK, page * IDS_PER_CHUNK), this.options.concurrency, signal);
      yield { ...details, checkpoint: { page }, pagesRead: page, totalPages: total };
    }
  }
}

/** A release-date window of discover; an open bound (absent) means "no filter". */
interface ReleaseWindow {
  from?: string | null;
  to?: string | null;
}

/** Where a discover job stands: windows still to read (the last one is read first), pages done in it and in all. */
interface DiscoverState {
  windows: ReleaseWindow[];
  page: number;
  last: number;
  pagesRead: number;
  total: number | null;
}

/** Bounds an open window gets when it must be split: the first films on TMDB date from the 1870s; some are dated years ahead. */
const EARLIEST_RELEASE = '1870-01-01';
const latestRelease = () => `${new Date().getUTCFullYear() + 10}-12-31`;

/**
 * `/discover/movie` by revenue. While `pages` fits under TMDB's page cap the list is read as is,
 * highest revenue first. Beyond it, a window whose list reaches the cap is bisected by release date
 * until every window fits, so every movie is read once; the stack of windows is the checkpoint.
 * A split window leaves out movies without a release date (TMDB's date filter excludes them).
 */
export class TmdbDiscoverSource implements MovieSourceReader {
  constructor(
    private readonly tmdb: TmdbClient,
    private readonly options: { pages: number; from?: string; to?: string; concurrency: number },
  ) {}

  async *read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    const { pages, concurrency } = this.options;
    const cap = this.tmdb.pageCap;
    const state: DiscoverState = isDiscoverState(from)
      ? toCheckpoint(from)
      : { windows: [{ from: this.options.from, to: this.options.to }], page: 0, last: 0, pagesRead: 0, total: null };
    while (state.windows.length > 0 && state.pagesRead < pages && !signal.aborted) {
      const window = state.windows.at(-1)!;
      const page = state.page + 1;
      const ref = `discover ${window.from ?? '…'}…${window.to ?? '…'} page ${page}`;
      const failures: SourceChunk['failures'] = [];
      let list: TmdbPage<TmdbListMovie> | null = null;
      try {
        list = await this.tmdb.discover({ page, releaseFrom: window.from ?? undefined, releaseTo: window.to ?? undefined }, { signal });
      } catch (error) {
        failures.push({ ref, reason: recordable(error, signal) });
      }
      state.pagesRead++;
      if (list && page === 1) {
        state.total ??= Math.min(pages, Math.ceil(list.total_results / TMDB_PER_PAGE));
        if (list.total_pages >= cap && pages - state.pagesRead + 1 > cap) {
          const halves = bisectWindow({ from: window.from ?? EARLIEST_RELEASE, to: window.to ?? latestRelease() });
          if (halves) {
            // The probe's movies are read again inside the halves; older half first.
            state.windows.splice(-1, 1, halves[1], halves[0]);
            continue;
          }
          failures.push({
            ref,
            reason: `${list.total_results} movies released on ${window.from} is more than TMDB's page cap (${cap} pages) serves; the rest are skipped`,
          });
        }
        state.last = Math.min(cap, list.total_pages);
      }
      const details = list
        ? await fetchDetails(
            this.tmdb,
            list.results.map((m) => m.id),
            concurrency,
            signal,
          )
        : { movies: [], failures: [] };
      // A failed first page leaves its window unread: the failure names the window, to be read again with from/to.
      const windowDone = list ? page >= state.last || list.results.length === 0 : page === 1 || page >= state.last;
      if (windowDone) state.windows.pop();
      state.page = windowDone ? 0 : page;
      yield {
        movies: details.movies,
        failures: [...failures, ...details.failures],
        checkpoint: toCheckpoint(state),
        pagesRead: state.pagesRead,
        totalPages: Math.max(state.total ?? pages, state.pagesRead),
      };
    }
  }
}

/** A plain JSON copy: what MongoDB stores is what a resumed job reads (no undefined, no shared arrays). */
function toCheckpoint<T extends object>(state: T): T & Checkpoint {
  return JSON.parse(JSON.stringify(state)) as T & Checkpoint;
}

function isDiscoverState(value: Checkpoint | null): value is Checkpoint & DiscoverState {
  return !!value && Array.isArray(value['windows']) && typeof value['page'] === 'number' && typeof value['pagesRead'] === 'number';
}

/**
 * Incremental refresh: the ids `/movie/changes` reports from `from` to `to` (today by default), in
 * windows of at most 14 days, deduplicated, then their details in ascending id order. The checkpoint
 * is the last id done, so a resumed job lists the changes again and skips what it already read.
 */
export class TmdbChangesSource implements MovieSourceReader {
  constructor(
    private readonly tmdb: TmdbClient,
    private readonly options: { pages: number; from?: string; to?: string; concurrency: number },
  ) {}

  async *read(from: Checkpoint | null, signal: AbortSignal): AsyncIterable<SourceChunk> {
    const to = this.options.to ?? new Date().toISOString().slice(0, 10);
    const start = this.options.from ?? addDays(to, -1);
    for (const [name, value] of [
      ['from', start],
      ['to', to],
    ] as const) {
      if (!isIsoDate(value))
        throw new TmdbError(TmdbErrorCode.INVALID_REQUEST, `tmdb-changes ${name} must be a date YYYY-MM-DD, got ${value}`, { operation: '/movie/changes' });
    }
    const { ids, failures, listPages } = await this.changedIds(start, to, signal);
    if (signal.aborted) return;
    const lastId = typeof from?.['lastId'] === 'number' ? from['lastId'] : 0;
    const done = ids.filter((id) => id <= lastId).length;
    const totalPages = listPages + Math.ceil(ids.length / IDS_PER_CHUNK);
    if (failures.length > 0 && done === ids.length) yield { movies: [], failures, checkpoint: { lastId }, pagesRead: totalPages, totalPages };
    for (let i = done, first = true; i < ids.length && !signal.aborted; i += IDS_PER_CHUNK, first = false) {
      const chunk = ids.slice(i, i + IDS_PER_CHUNK);
      const details = await fetchDetails(this.tmdb, chunk, this.options.concurrency, signal);
      const pagesRead = listPages + Math.ceil((i + chunk.length) / IDS_PER_CHUNK);
      yield {
        movies: details.movies,
        failures: first ? [...failures, ...details.failures] : details.failures,
        checkpoint: { lastId: chunk.at(-1)! },
        pagesRead,
        totalPages,
      };
    }
  }

  private async changedIds(start: string, end: string, signal: AbortSignal): Promise<{ ids: number[]; failures: SourceChunk['failures']; listPages: number }> {
    const ids = new Set<number>();
    const failures: SourceChunk['failures'] = [];
    let listPages = 0;
    for (const window of changeWindows(start, end)) {
      for (let page = 1, last = 1; page <= last && listPages < this.options.pages && !signal.aborted; page++) {
        listPages++;
        try {
          const list = await this.tmdb.changes({ page, startDate: window.from, endDate: window.to }, { signal });
          last = Math.min(list.total_pages, this.tmdb.pageCap);
          for (const change of list.results) ids.add(change.id);
        } catch (error) {
          failures.push({ ref: `changes ${window.from}…${window.to} page ${page}`, reason: recordable(error, signal) });
        }
      }
    }
    return { ids: [...ids].sort((a, b) => a - b), failures, listPages };
  }
}
