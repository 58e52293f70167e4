/**
 * The read model's copy of the movies: one slot per movie in typed arrays, holding only what
 * the answers read. A last-writer-wins register per TMDB id: a change whose version is not
 * newer than the one held is a no-op, so replays, duplicates and several feeds are harmless.
 *
 * Titles are kept too, as UTF-8 in one append-only arena (so answers that name movies need no
 * database round trip); dates and the rest live in MongoDB.
 */
import { compareVersions, hashTie, type MovieChange } from '../movies/movie-change.js';

export type { MovieChange };

/** A genre set: the (id, name) pairs of one movie, deduplicated, in the order first seen. */
export interface GenreSet {
  /** Indexes into `MovieStore.genrePairs`. */
  pairs: readonly number[];
}

/** Growth factor of the columns: small, so the spare capacity stays a small share of the bytes per movie. */
const GROWTH = 1.25;
/** The id index is kept at most this full (open addressing with linear probing; 4 bytes a bucket, so 5.7 bytes a movie). */
const INDEX_LOAD = 0.7;
const MIN_CAPACITY = 1024;
/**
 * Changes the journal remembers (a ring of slots, 4 bytes each: 256 KiB). Enough for the changes between two answers
 * while a 100k ingest streams in; an index that fell further behind rebuilds instead of patching.
 */
const JOURNAL_CHANGES = 1 << 16;
/** Title bytes the arena starts with; it grows by GROWTH, and is compacted when most of it is garbage (replaced titles). */
const TITLE_ARENA_MIN = 64 * 1024;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Marks "no release date" (Int16 minimum: every real year, 0 included, fits above it). */
export const NO_YEAR = -32768;

export class MovieStore {
  /** Movies held (slots 0 … size−1 are in use). */
  size = 0;
  /** Goes up by one with every change that altered a slot. */
  changes = 0;
  /** When a change last altered the model (performance.now(), ms); −Infinity before the first. */
  changedAt = -Infinity;
  /** journal[c % JOURNAL_CHANGES]: the slot change number c (counted from 0) altered; the last JOURNAL_CHANGES changes. */
  private readonly journal = new Int32Array(JOURNAL_CHANGES);

  ids = new Int32Array(0);
  observedAt = new Float64Array(0);
  tie = new Uint32Array(0);
  /** Seconds since the epoch: incremental table refresh compares whole seconds. */
  updatedSec = new Uint32Array(0);
  budget = new Float64Array(0);
  revenue = new Float64Array(0);
  voteAverage = new Float64Array(0);
  voteCount = new Uint32Array(0);
  year = new Int16Array(0);
  /** Index into `languages` (0: unknown). */
  language = new Uint16Array(0);
  /** Index into `genreSets` (0: no genres). */
  genreSet = new Uint32Array(0);
  /** Where each title's UTF-8 bytes start in `titleArena`, and how many there are. */
  titleStart = new Uint32Array(0);
  titleLength = new Uint16Array(0);
  private titleArena = new Uint8Array(TITLE_ARENA_MIN);
  /** Bytes of the arena in use, and of those the ones still referenced by a slot. */
  private titleEnd = 0;
  private titleLive = 0;

  /** Language codes by index; index 0 is the unknown language. */
  readonly languages: (string | null)[] = [null];
  private readonly languageIndex = new Map<string, number>();
  /** Distinct (genre id, genre name) pairs. */
  readonly genrePairs: { id: number; name: string }[] = [];
  private readonly pairIndex = new Map<string, number>();
  /** Distinct genre sets; index 0 is the empty set. */
  readonly genreSets: GenreSet[] = [{ pairs: [] }];
  private readonly setIndex = new Map<string, number>([['', 0]]);

  /** id → slot + 1 (0: empty), open addressing; its size is not a power of two, to keep it at INDEX_LOAD and no larger. */
  private index = new Int32Array(0);

  constructor(capacity = MIN_CAPACITY) {
    this.grow(Math.max(MIN_CAPACITY, capacity));
  }

  /** The slot of a movie, or −1. */
  slotOf(tmdbId: number): number {
    const buckets = this.index.length;
    for (let h = hashId(tmdbId) % buckets; ; h = h + 1 === buckets ? 0 : h + 1) {
      const entry = this.index[h]!;
      if (entry === 0) return -1;
      if (this.ids[entry - 1] === tmdbId) return entry - 1;
    }
  }

  /**
   * Applies a change when its version is newer than the one held; true when it altered the model.
   * The same version again, or an older one, is a no-op.
   */
  apply(change: MovieChange): boolean {
    const tie = hashTie(change.contentHash);
    let slot = this.slotOf(change.tmdbId);
    const isNew = slot < 0;
    if (!isNew) {
      if (compareVersions({ observedAt: change.observedAt, tie }, { observedAt: this.observedAt[slot]!, tie: this.tie[slot]! }) <= 0) return false;
    } else {
      if (this.size === this.ids.length) this.grow(Math.ceil(this.ids.length * GROWTH));
      slot = this.size++;
      this.ids[slot] = change.tmdbId;
      this.insertIndex(change.tmdbId, slot);
    }
    this.observedAt[slot] = change.observedAt;
    this.tie[slot] = tie;
    this.updatedSec[slot] = Math.floor(change.updatedAt / 1000);
    this.budget[slot] = change.budget;
    this.revenue[slot] = change.revenue;
    this.voteAverage[slot] = change.voteAverage;
    this.voteCount[slot] = change.voteCount;
    this.year[slot] = change.releaseYear ?? NO_YEAR;
    this.language[slot] = this.languageOf(change.originalLanguage);
    this.genreSet[slot] = this.genreSetOf(change.genres);
    this.setTitle(slot, change.title, isNew);
    this.journal[this.changes % JOURNAL_CHANGES] = slot;
    this.changes++;
    this.changedAt = performance.now();
    return true;
  }

  /**
   * The slots altered since the model was at version `since` (a value `changes` had), each once, in no particular
   * order; null when the journal no longer reaches back that far (the caller then starts afresh).
   */
  changedSince(since: number): Int32Array | null {
    const count = this.changes - since;
    if (count < 0 || count > JOURNAL_CHANGES) return null;
    const seen = new Set<number>();
    for (let c = since; c < this.changes; c++) seen.add(this.journal[c % JOURNAL_CHANGES]!);
    return Int32Array.from(seen);
  }

  /** Makes room for at least this many movies at once (a snapshot knows its size). */
  reserve(capacity: number): void {
    if (capacity > this.ids.length) this.grow(capacity);
  }

  /** A slot's title. */
  titleOf(slot: number): string {
    const start = this.titleStart[slot]!;
    return fromUtf8.decode(this.titleArena.subarray(start, start + this.titleLength[slot]!));
  }

  /** Bytes of the title arena per movie held (titles are not among the numeric columns the answers scan). */
  titleBytesPerMovie(): number {
    return this.size === 0 ? 0 : (this.titleArena.byteLength + this.titleStart.byteLength + this.titleLength.byteLength) / this.size;
  }

  /** Bytes held by the columns and the id index, per movie held (the spare capacity included). */
  bytesPerMovie(): number {
    return this.size === 0 ? 0 : this.bytes() / this.size;
  }

  bytes(): number {
    const columns = [
      this.ids,
      this.observedAt,
      this.tie,
      this.updatedSec,
      this.budget,
      this.revenue,
      this.voteAverage,
      this.voteCount,
      this.year,
      this.language,
      this.genreSet,
    ];
    return columns.reduce((sum, c) => sum + c.byteLength, 0) + this.index.byteLength;
  }

  /** The slot's genre pairs (deduplicated). */
  genresOf(slot: number): readonly { id: number; name: string }[] {
    return this.genreSets[this.genreSet[slot]!]!.pairs.map((p) => this.genrePairs[p]!);
  }

  private setTitle(slot: number, title: string, isNew: boolean): void {
    // The old title becomes garbage: detached first, so a compaction right below does not keep it.
    if (!isNew) {
      this.titleLive -= this.titleLength[slot]!;
      this.titleLength[slot] = 0;
    }
    // At most 3 bytes a UTF-16 unit; titles are short (the feed allows 4,096 characters).
    const room = title.length * 3;
    if (this.titleEnd + room > this.titleArena.length) this.makeTitleRoom(room);
    const { written } = utf8.encodeInto(title, this.titleArena.subarray(this.titleEnd));
    this.titleStart[slot] = this.titleEnd;
    this.titleLength[slot] = written;
    this.titleEnd += written;
    this.titleLive += written;
  }

  /** Compacts the arena when at least half of it is replaced titles, else grows it. */
  private makeTitleRoom(room: number): void {
    const compact = this.titleLive * 2 <= this.titleEnd;
    const size = Math.max(TITLE_ARENA_MIN, Math.ceil((compact ? this.titleLive : this.titleArena.length) * GROWTH) + room);
    const arena = new Uint8Array(size);
    if (compact) {
      let end = 0;
      for (let slot = 0; slot < this.size; slot++) {
        const start = this.titleStart[slot]!;
        const length = this.titleLength[slot]!;
        arena.set(this.titleArena.subarray(start, start + length), end);
        this.titleStart[slot] = end;
        end += length;
      }
      this.titleEnd = end;
    } else arena.set(this.titleArena.subarray(0, this.titleEnd));
    this.titleArena = arena;
  }

  private languageOf(code: string | null): number {
    if (code === null) return 0;
    let index = this.languageIndex.get(code);
    if (index === undefined) {
      index = this.languages.length;
      if (index > 0xffff) throw new Error('more than 65,535 distinct languages');
      this.languages.push(code);
      this.languageIndex.set(code, index);
    }
    return index;
  }

  private genreSetOf(genres: readonly { id: number; name: string }[]): number {
    if (genres.length === 0) return 0;
    const pairs: number[] = [];
    for (const g of genres) {
      const key = `${g.id}\u0000${g.name}`;
      let pair = this.pairIndex.get(key);
      if (pair === undefined) {
        pair = this.genrePairs.length;
        this.genrePairs.push({ id: g.id, name: g.name });
        this.pairIndex.set(key, pair);
      }
      if (!pairs.includes(pair)) pairs.push(pair);
    }
    const key = pairs.join(',');
    let set = this.setIndex.get(key);
    if (set === undefined) {
      set = this.genreSets.length;
      this.genreSets.push({ pairs });
      this.setIndex.set(key, set);
    }
    return set;
  }

  private grow(capacity: number): void {
    const copy = <T extends Int32Array | Float64Array | Uint32Array | Int16Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const fresh = make(capacity);
      fresh.set(old.subarray(0, this.size) as never);
      return fresh;
    };
    this.ids = copy(this.ids, (n) => new Int32Array(n));
    this.observedAt = copy(this.observedAt, (n) => new Float64Array(n));
    this.tie = copy(this.tie, (n) => new Uint32Array(n));
    this.updatedSec = copy(this.updatedSec, (n) => new Uint32Array(n));
    this.budget = copy(this.budget, (n) => new Float64Array(n));
    this.revenue = copy(this.revenue, (n) => new Float64Array(n));
    this.voteAverage = copy(this.voteAverage, (n) => new Float64Array(n));
    this.voteCount = copy(this.voteCount, (n) => new Uint32Array(n));
    this.year = copy(this.year, (n) => new Int16Array(n));
    this.language = copy(this.language, (n) => new Uint16Array(n));
    this.genreSet = copy(this.genreSet, (n) => new Uint32Array(n));
    this.titleStart = copy(this.titleStart, (n) => new Uint32Array(n));
    this.titleLength = copy(this.titleLength, (n) => new Uint16Array(n));
    this.rebuildIndex(capacity);
  }

  private rebuildIndex(capacity: number): void {
    this.index = new Int32Array(Math.ceil(capacity / INDEX_LOAD) + 1);
    for (let slot = 0; slot < this.size; slot++) this.insertIndex(this.ids[slot]!, slot);
  }

  private insertIndex(tmdbId: number, slot: number): void {
    const buckets = this.index.length;
    let h = hashId(tmdbId) % buckets;
    while (this.index[h] !== 0) h = h + 1 === buckets ? 0 : h + 1;
    this.index[h] = slot + 1;
  }
}

/** Fibonacci hashing: sequential ids spread over the table. */
function hashId(id: number): number {
  return Math.imul(id, 0x9e3779b1) >>> 0;
}
