/**
 * The expected group answers (genre-language, budget-bands, explore), worked out INDEPENDENTLY of the app: plain
 * loops over the fixture movies, straight from the definitions the API states (src/analytics/questions/
 * genre-language.question.ts, budget-bands.question.ts, explore.question.ts). Nothing here imports src/: medians,
 * percentiles and bands are computed by sorting whole arrays, not by the app's selection.
 *
 * An expected answer is the API's body without the envelope and without params (the tests check params apart).
 */
import { GENRE_IDS, type FixtureMovie } from '../fixtures/analytics-movies.js';
import { expectedLanguageName } from './expected-answers.js';

// ---- helpers ----

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places + 0;
const roundOrNull = (x: number | null, places: number) => (x === null || !Number.isFinite(x) ? null : round(x, places));
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const yearOf = (m: FixtureMovie) => (m.date ? Number(m.date.slice(0, 4)) : null);
const distinct = <T>(values: readonly T[]): T[] => {
  const out: T[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
};

/** Known money: budget and revenue both > 0 (0 is unknown) and at least their floors. */
function knownMoney(m: FixtureMovie, minBudget: number, minRevenue: number): boolean {
  return m.budget > 0 && m.budget >= minBudget && m.revenue > 0 && m.revenue >= minRevenue;
}

/** The median of a sorted copy: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** PERCENTILE.INC of a sorted copy: rank h = (n − 1)·p, linear between the closest ranks. */
export function percentileInc(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  if (lo + 1 >= s.length) return s[lo]!;
  return s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!);
}

/** Per-cell sums and lists, filled by the loops below. */
interface Acc {
  movies: number;
  ratingSum: number;
  weightedSum: number;
  votes: number;
  revenues: number[];
  profits: number[];
  rois: number[];
  budgets: number[];
  reaching: number;
}
const newAcc = (): Acc => ({ movies: 0, ratingSum: 0, weightedSum: 0, votes: 0, revenues: [], profits: [], rois: [], budgets: [], reaching: 0 });

function add(acc: Acc, m: FixtureMovie, money: boolean, target: number) {
  acc.movies++;
  acc.ratingSum += m.rating;
  acc.weightedSum += m.rating * m.votes;
  acc.votes += m.votes;
  if (money) {
    acc.revenues.push(m.revenue);
    acc.profits.push(m.revenue - m.budget);
    acc.rois.push(m.revenue / m.budget);
    acc.budgets.push(m.budget);
    if (m.revenue - m.budget >= target) acc.reaching++;
  }
}

function measuresOf(acc: Acc) {
  let profitable = 0;
  for (const p of acc.profits) if (p > 0) profitable++;
  return {
    movies: acc.movies,
    moneyMovies: acc.profits.length,
    meanRating: round(acc.ratingSum / acc.movies, 2),
    weightedRating: acc.votes > 0 ? round(acc.weightedSum / acc.votes, 2) : null,
    medianRevenue: roundOrNull(median(acc.revenues), 2),
    medianProfit: roundOrNull(median(acc.profits), 2),
    medianRoi: roundOrNull(median(acc.rois), 4),
    shareProfitable: acc.profits.length > 0 ? round(profitable / acc.profits.length, 4) : null,
  };
}

/** Sorts by a value (null last), ties by the key comparison. */
function sortBy<T>(rows: T[], value: (row: T) => number | null, desc: boolean, keys: (a: T, b: T) => number): T[] {
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return keys(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    if (x === y) return keys(a, b);
    return desc ? y - x : x - y;
  });
}

const genreId = (name: string) => {
  const id = GENRE_IDS[name];
  if (id === undefined) throw new Error(`no id for genre ${name}`);
  return id;
};

// ---- budget bands ----

export interface Band {
  from: number | null;
  to: number | null;
}

/**
 * Quantile bands as the definition states them: the budgets sorted, cuts at floor(j·n/k); a cut between equal budgets
 * moves up to the first larger budget; a cut at or before the previous one is dropped. Band = [its lowest budget, next lowest).
 */
export function expectedQuantileBands(budgets: readonly number[], k: number): Band[] {
  const s = [...budgets].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return [];
  const starts: number[] = [0];
  for (let j = 1; j < k; j++) {
    let cut = Math.floor((j * n) / k);
    while (cut > 0 && cut < n && s[cut] === s[cut - 1]) cut++;
    if (cut >= n) break;
    if (cut > starts[starts.length - 1]!) starts.push(cut);
  }
  return starts.map((start, i) => ({ from: s[start]!, to: i + 1 < starts.length ? s[starts[i + 1]!]! : null }));
}

/** Fixed edges: [−∞, e1), [e1, e2), …, [em, ∞), shown with null for the open ends. */
export function expectedEdgeBands(edges: readonly number[]): Band[] {
  const bounds = [null, ...edges];
  return bounds.map((from, i) => ({ from, to: i + 1 < bounds.length ? bounds[i + 1]! : null }));
}

/** The band holding a budget (from ≤ budget < to; open ends take everything), −1 if none. */
function bandIndex(bands: readonly Band[], budget: number): number {
  for (let i = 0; i < bands.length; i++) {
    const { from, to } = bands[i]!;
    if ((from === null || budget >= from) && (to === null || budget < to)) return i;
  }
  return -1;
}

export interface BudgetBandsParams {
  minBudget: number;
  minRevenue: number;
  bands: number;
  edges: number[] | null;
  targetProfit: number;
}

export function expectedBudgetBands(movies: readonly FixtureMovie[], p: BudgetBandsParams) {
  const known = movies.filter((m) => knownMoney(m, p.minBudget, p.minRevenue));
  const bands =
    p.edges !== null
      ? expectedEdgeBands(p.edges)
      : expectedQuantileBands(
          known.map((m) => m.budget),
          p.bands,
        );
  const accs = bands.map(newAcc);
  for (const m of known) add(accs[bandIndex(bands, m.budget)]!, m, true, p.targetProfit);
  const items = bands.map((band, i) => {
    const acc = accs[i]!;
    const measures = measuresOf(acc);
    return {
      band: i + 1,
      from: band.from,
      to: band.to,
      lowestBudget: acc.budgets.length > 0 ? Math.min(...acc.budgets) : null,
      highestBudget: acc.budgets.length > 0 ? Math.max(...acc.budgets) : null,
      movies: acc.movies,
      medianProfit: measures.medianProfit,
      p10Profit: roundOrNull(percentileInc(acc.profits, 0.1), 2),
      p90Profit: roundOrNull(percentileInc(acc.profits, 0.9), 2),
      medianRoi: measures.medianRoi,
      shareProfitable: measures.shareProfitable,
    };
  });
  let hit = -1;
  for (let i = 0; i < items.length && hit < 0; i++) if (items[i]!.medianProfit !== null && items[i]!.medianProfit! >= p.targetProfit) hit = i;
  const band = hit >= 0 ? items[hit]! : null;
  return {
    considered: known.length,
    mode: p.edges !== null ? 'edges' : 'quantiles',
    items,
    target: {
      targetProfit: p.targetProfit,
      band,
      reaching: band ? accs[hit]!.reaching : null,
      shareReaching: band ? round(accs[hit]!.reaching / band.movies, 4) : null,
    },
  };
}

// ---- explore (and genre-language, which is the genre × language cut of it) ----

export type Dimension = 'language' | 'genre' | 'year' | 'decade' | 'budgetBand';
export type Measure = 'count' | 'meanRating' | 'weightedRating' | 'medianRevenue' | 'medianProfit' | 'medianRoi' | 'shareProfitable';

export interface ExploreParams {
  groupBy: Dimension[];
  measure: Measure[];
  sort: Measure | null;
  order: 'desc' | 'asc';
  limit: number;
  minVotes: number;
  minMovies: number;
  from: number | null;
  to: number | null;
  language: string | null;
  genre: string | null;
  minBudget: number;
  minRevenue: number;
  bands: number;
  edges: number[] | null;
}

export const EXPLORE_DEFAULTS: ExploreParams = {
  groupBy: ['genre'],
  measure: ['count'],
  sort: null,
  order: 'desc',
  limit: 50,
  minVotes: 0,
  minMovies: 1,
  from: null,
  to: null,
  language: null,
  genre: null,
  minBudget: 1000,
  minRevenue: 1000,
  bands: 10,
  edges: null,
};

interface Group {
  keys: (string | number)[];
  fields: Record<string, string | number | null>;
  acc: Acc;
}

/** The movies passing the filters, in cells by the dimensions; keys compared ascending per dimension. */
function group(movies: readonly FixtureMovie[], p: ExploreParams): { considered: number; groups: Group[] } {
  const selected = movies.filter((m) => {
    if (m.votes < p.minVotes) return false;
    const year = yearOf(m);
    if ((p.from !== null || p.to !== null) && year === null) return false;
    if (p.from !== null && year! < p.from) return false;
    if (p.to !== null && year! > p.to) return false;
    if (p.language !== null && m.language !== p.language) return false;
    if (p.genre !== null && !m.genres.includes(p.genre)) return false;
    return true;
  });
  const money = (m: FixtureMovie) => knownMoney(m, p.minBudget, p.minRevenue);
  const bands = p.groupBy.includes('budgetBand')
    ? p.edges !== null
      ? expectedEdgeBands(p.edges)
      : expectedQuantileBands(
          selected.filter(money).map((m) => m.budget),
          p.bands,
        )
    : [];
  const valuesOf = (dim: Dimension, m: FixtureMovie): (string | number)[] => {
    const year = yearOf(m);
    switch (dim) {
      case 'language':
        return m.language === null ? [] : [m.language];
      case 'genre':
        return distinct(m.genres);
      case 'year':
        return year === null ? [] : [year];
      case 'decade':
        return year === null ? [] : [Math.floor(year / 10) * 10];
      case 'budgetBand':
        return money(m) ? [bandIndex(bands, m.budget) + 1] : [];
    }
  };
  const fieldsOf = (dim: Dimension, value: string | number): Record<string, string | number | null> => {
    switch (dim) {
      case 'language':
        return { language: value, languageName: expectedLanguageName(value as string) };
      case 'genre':
        return { genre: value, genreId: genreId(value as string) };
      case 'year':
        return { year: value };
      case 'decade':
        return { decade: value };
      case 'budgetBand': {
        const band = bands[(value as number) - 1]!;
        return { budgetBand: value, bandFrom: band.from, bandTo: band.to };
      }
    }
  };
  const groups = new Map<string, Group>();
  let considered = 0;
  for (const m of selected) {
    const first = valuesOf(p.groupBy[0]!, m);
    const second = p.groupBy.length > 1 ? valuesOf(p.groupBy[1]!, m) : [null];
    if (first.length === 0 || second.length === 0) continue;
    considered++;
    for (const a of first) {
      for (const b of second) {
        const keys = b === null ? [a] : [a, b];
        const id = JSON.stringify(keys);
        let g = groups.get(id);
        if (!g) {
          const fields = { ...fieldsOf(p.groupBy[0]!, a), ...(b === null ? {} : fieldsOf(p.groupBy[1]!, b)) };
          g = { keys, fields, acc: newAcc() };
          groups.set(id, g);
        }
        add(g.acc, m, money(m), Infinity);
      }
    }
  }
  return { considered, groups: [...groups.values()] };
}

const compareKeys = (a: Group, b: Group) => {
  for (let i = 0; i < a.keys.length; i++) {
    const x = a.keys[i]!;
    const y = b.keys[i]!;
    const c = typeof x === 'number' ? x - (y as number) : byCodeUnits(x, y as string);
    if (c !== 0) return c;
  }
  return 0;
};

function valueOf(g: Group, measure: Measure): number | null {
  const m = measuresOf(g.acc);
  return measure === 'count' ? m.movies : m[measure];
}

export function expectedExplore(movies: readonly FixtureMovie[], given: Partial<ExploreParams>) {
  const p = { ...EXPLORE_DEFAULTS, ...given };
  const { considered, groups } = group(movies, p);
  const sort = p.sort ?? p.measure[0]!;
  const listed = groups.filter((g) => g.acc.movies >= p.minMovies);
  sortBy(listed, (g) => valueOf(g, sort), p.order === 'desc', compareKeys);
  const items = listed.slice(0, p.limit).map((g) => {
    const m = measuresOf(g.acc);
    const item: Record<string, unknown> = { ...g.fields, movies: m.movies, moneyMovies: m.moneyMovies };
    for (const measure of p.measure) item[measure] = valueOf(g, measure);
    return item;
  });
  return { considered, groupBy: p.groupBy, measures: p.measure, sort, cells: listed.length, leftOut: groups.length - listed.length, items };
}

export interface GenreLanguageParams {
  minVotes: number;
  minMovies: number;
  minBudget: number;
  minRevenue: number;
  measure: 'movies' | 'meanRating' | 'weightedRating' | 'medianRevenue' | 'medianProfit' | 'shareProfitable';
  genre: string;
  language: string;
}

export const GENRE_LANGUAGE_DEFAULTS: GenreLanguageParams = {
  minVotes: 0,
  minMovies: 10,
  minBudget: 1000,
  minRevenue: 1000,
  measure: 'weightedRating',
  genre: 'Drama',
  language: 'en',
};

export function expectedGenreLanguage(movies: readonly FixtureMovie[], given: Partial<GenreLanguageParams>) {
  const p = { ...GENRE_LANGUAGE_DEFAULTS, ...given };
  const { considered, groups } = group(movies, {
    ...EXPLORE_DEFAULTS,
    groupBy: ['genre', 'language'],
    minVotes: p.minVotes,
    minBudget: p.minBudget,
    minRevenue: p.minRevenue,
  });
  const listed = groups.filter((g) => g.acc.movies >= p.minMovies);
  const value = (g: Group) => (p.measure === 'movies' ? g.acc.movies : measuresOf(g.acc)[p.measure]);
  sortBy(listed, value, true, compareKeys);
  const items = listed.map((g, i) => {
    const m = measuresOf(g.acc);
    return {
      rank: i + 1,
      genre: g.fields['genre'],
      genreId: g.fields['genreId'],
      language: g.fields['language'],
      languageName: g.fields['languageName'],
      movies: m.movies,
      moneyMovies: m.moneyMovies,
      meanRating: m.meanRating,
      weightedRating: m.weightedRating,
      medianRevenue: m.medianRevenue,
      medianProfit: m.medianProfit,
      shareProfitable: m.shareProfitable,
    };
  });
  const claimGroup = groups.find((g) => g.fields['genre'] === p.genre && g.fields['language'] === p.language);
  const claimed = items.find((i) => i.genre === p.genre && i.language === p.language) ?? null;
  const first = items[0];
  const firstValue = first === undefined ? null : p.measure === 'movies' ? first.movies : first[p.measure];
  return {
    considered,
    measure: p.measure,
    leftOut: groups.length - listed.length,
    items,
    best: firstValue === null ? null : first,
    claim: { genre: p.genre, language: p.language, movies: claimGroup?.acc.movies ?? 0, rank: claimed?.rank ?? null, of: items.length, cell: claimed },
  };
}
