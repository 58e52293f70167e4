import { NO_YEAR, type MovieStore } from '../../read-model/movie-store.js';
import type { DataQualityAnswer, QualityItem } from '../dto/answer.view.js';
import { ISO_639_1 } from '../iso-639-1.js';
import { QUALITY_CHECKS, QUALITY_EXAMPLES, SUSPICIOUS_MONEY_BELOW } from '../pipelines/data-quality.pipeline.js';

/** What the data-quality answer holds besides the envelope. */
export type DataQualityResult = Pick<DataQualityAnswer, 'considered' | 'total' | 'items'>;

/** Each check of QUALITY_CHECKS by name → its index in the counters below (which apply the same filters to the columns). */
const CHECK_INDEX: Record<string, number> = {
  unknownBudget: 0,
  unknownRevenue: 1,
  suspiciousBudget: 2,
  suspiciousRevenue: 3,
  noReleaseDate: 4,
  noVotes: 5,
  noGenres: 6,
  nonIsoLanguage: 7,
};
const CHECKS = 8;
const ISO = new Set(ISO_639_1);

/**
 * All movies held and, per check of QUALITY_CHECKS (same order, names and descriptions), how many fail it
 * and the lowest QUALITY_EXAMPLES TMDB ids that do, ascending. considered = total = all movies. One pass: O(n).
 */
export function computeDataQuality(store: MovieStore): DataQualityResult {
  const order = QUALITY_CHECKS.map(({ check }) => {
    const index = CHECK_INDEX[check];
    if (index === undefined) throw new Error(`data quality: no column check for "${check}"`);
    return index;
  });
  // A null language (index 0) is not an ISO 639-1 code: $nin matches it.
  const nonIso = new Uint8Array(store.languages.length);
  store.languages.forEach((code, index) => (nonIso[index] = code !== null && ISO.has(code) ? 0 : 1));

  const counts = new Float64Array(CHECKS);
  /** Per check, its lowest ids so far, ascending: QUALITY_EXAMPLES entries from check · QUALITY_EXAMPLES. */
  const examples = new Int32Array(CHECKS * QUALITY_EXAMPLES);
  const held = new Int32Array(CHECKS);
  /** Per check, the id an example must be below to be kept (the highest held once the buffer is full). */
  const below = new Float64Array(CHECKS).fill(Infinity);
  /** Keeps id among the check's lowest ids, ascending (rare once the buffer is full: the caller tests `below` first). */
  const keep = (check: number, id: number): void => {
    const base = check * QUALITY_EXAMPLES;
    let count = held[check]!;
    if (count === QUALITY_EXAMPLES) count--;
    else held[check] = count + 1;
    let i = base + count;
    while (i > base && examples[i - 1]! > id) {
      examples[i] = examples[i - 1]!;
      i--;
    }
    examples[i] = id;
    if (held[check] === QUALITY_EXAMPLES) below[check] = examples[base + QUALITY_EXAMPLES - 1]!;
  };
  const n = store.size;
  const ids = store.ids;
  const budgets = store.budget;
  const revenues = store.revenue;
  const years = store.year;
  const voteCount = store.voteCount;
  const genreSet = store.genreSet;
  const language = store.language;
  // Counted in locals, one test per check, unrolled: the checks are the hot loop.
  let unknownBudget = 0;
  let unknownRevenue = 0;
  let suspiciousBudget = 0;
  let suspiciousRevenue = 0;
  let noReleaseDate = 0;
  let noVotes = 0;
  let noGenres = 0;
  let nonIsoLanguage = 0;
  for (let s = 0; s < n; s++) {
    const id = ids[s]!;
    const b = budgets[s]!;
    if (b <= 0) {
      unknownBudget++;
      if (id < below[0]!) keep(0, id);
    } else if (b < SUSPICIOUS_MONEY_BELOW) {
      suspiciousBudget++;
      if (id < below[2]!) keep(2, id);
    }
    const r = revenues[s]!;
    if (r <= 0) {
      unknownRevenue++;
      if (id < below[1]!) keep(1, id);
    } else if (r < SUSPICIOUS_MONEY_BELOW) {
      suspiciousRevenue++;
      if (id < below[3]!) keep(3, id);
    }
    if (years[s] === NO_YEAR) {
      noReleaseDate++;
      if (id < below[4]!) keep(4, id);
    }
    if (voteCount[s] === 0) {
      noVotes++;
      if (id < below[5]!) keep(5, id);
    }
    if (genreSet[s] === 0) {
      noGenres++;
      if (id < below[6]!) keep(6, id);
    }
    if (nonIso[language[s]!] === 1) {
      nonIsoLanguage++;
      if (id < below[7]!) keep(7, id);
    }
  }
  counts.set([unknownBudget, unknownRevenue, suspiciousBudget, suspiciousRevenue, noReleaseDate, noVotes, noGenres, nonIsoLanguage]);

  const items: QualityItem[] = QUALITY_CHECKS.map(({ check, description }, index) => {
    const at = order[index]!;
    const base = at * QUALITY_EXAMPLES;
    return { check, description, count: counts[at]!, examples: Array.from(examples.subarray(base, base + held[at]!)) };
  });
  return { considered: n, total: n, items };
}
