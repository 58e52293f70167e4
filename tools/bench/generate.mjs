#!/usr/bin/env node
// Seeded, streamed synthetic TMDB-shaped movies with TMDB 5000's distributions.
//   node tools/bench/generate.mjs --count 100000 --format csv|jsonl --seed 42 [--first-id 1] > file
// Importable: generateMovies(), writeDataset(); one movie at a time, never the whole file in memory.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { COMPANIES, COUNTRIES, GENRES, KEYWORDS, LANGUAGES, LIST_LENGTHS, QUANTILE_POINTS, QUANTILES, SHARES, SPOKEN, WORDS } from './tmdb-5000-profile.mjs';

export const CSV_COLUMNS = [
  'budget',
  'genres',
  'homepage',
  'id',
  'keywords',
  'original_language',
  'original_title',
  'overview',
  'popularity',
  'production_companies',
  'production_countries',
  'release_date',
  'revenue',
  'runtime',
  'spoken_languages',
  'status',
  'tagline',
  'title',
  'vote_average',
  'vote_count',
];

/** sfc32: small, fast and good enough; seeded by splitmix32 so nearby seeds differ. */
function random(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let [a, b, c, d] = [split(), split(), split(), split()];
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

function weighted(pairs) {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const [value, w] of pairs) cumulative.push([value, (acc += w / total)]);
  return (u) => cumulative.find(([, c]) => u <= c)?.[0] ?? cumulative.at(-1)[0];
}

function quantile(table) {
  return (u) => {
    let i = 1;
    while (i < QUANTILE_POINTS.length - 1 && QUANTILE_POINTS[i] < u) i++;
    const [p0, p1] = [QUANTILE_POINTS[i - 1], QUANTILE_POINTS[i]];
    return table[i - 1] + ((table[i] - table[i - 1]) * (u - p0)) / (p1 - p0);
  };
}

const pick = {
  language: weighted(LANGUAGES),
  genreCount: weighted(LIST_LENGTHS.genres),
  keywordCount: weighted(LIST_LENGTHS.keywords),
  companyCount: weighted(LIST_LENGTHS.companies),
  countryCount: weighted(LIST_LENGTHS.countries),
  spokenCount: weighted(LIST_LENGTHS.spoken),
  genre: weighted(GENRES),
  spoken: weighted(SPOKEN),
  country: weighted(COUNTRIES),
};
const q = Object.fromEntries(Object.entries(QUANTILES).map(([k, t]) => [k, quantile(t)]));

/** A distinct sample of `n` from a weighted picker (few tries; lists are short). */
function distinct(rand, n, draw, keyOf) {
  const seen = new Map();
  for (let tries = 0; seen.size < n && tries < n * 6; tries++) {
    const v = draw(rand());
    seen.set(keyOf(v), v);
  }
  return [...seen.values()];
}

function words(rand, chars) {
  let out = '';
  while (out.length < chars) out += (out ? ' ' : '') + WORDS[Math.floor(rand() * WORDS.length)];
  return out;
}

const capitalise = (s) => s.replace(/(^|\s)\S/g, (m) => m.toUpperCase());

/** One TMDB `/movie/{id}`-shaped object (plus the CSV's keywords), the n-th of the seeded stream. */
function movie(rand, id) {
  const budgetKnown = rand() >= SHARES.budgetUnknown;
  const revenueKnown = rand() >= (budgetKnown ? SHARES.revenueUnknownGivenBudgetKnown : SHARES.revenueUnknownGivenBudgetUnknown);
  const budget = budgetKnown ? Math.max(1, Math.round(q.budget(rand()) / 1000) * 1000 || 1) : 0;
  const revenue = !revenueKnown ? 0 : Math.max(1, Math.round(budgetKnown ? budget * q.revenueOverBudget(rand()) : q.revenueAlone(rand())));
  // Popular movies get many votes: one draw places a movie on both scales.
  const fame = rand();
  const voteCount = rand() < SHARES.voteCountZero ? 0 : Math.round(q.voteCount(fame));
  const language = pick.language(rand());
  const title = capitalise(words(rand, Math.round(q.titleChars(rand())))).slice(0, 90);
  let date = null;
  if (rand() >= SHARES.noReleaseDate) {
    const year = Math.round(q.year(rand()));
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  const spoken = distinct(rand, pick.spokenCount(rand()), pick.spoken, (l) => l.iso_639_1);
  return {
    id,
    budget,
    genres: distinct(rand, pick.genreCount(rand()), pick.genre, (g) => g.id),
    homepage: rand() < SHARES.emptyHomepage ? '' : `http://www.${title.toLowerCase().replace(/[^a-z]+/g, '')}movie.com/`,
    keywords: Array.from({ length: pick.keywordCount(rand()) }, () => {
      const k = Math.floor(rand() * (KEYWORDS.length + 400));
      return k < KEYWORDS.length ? { id: 1000 + k, name: KEYWORDS[k] } : { id: 200_000 + k, name: words(rand, 6 + Math.floor(rand() * 12)) };
    }),
    original_language: language,
    original_title: language === 'en' || rand() < 0.5 ? title : `${title} (${language})`,
    overview: capitalise(words(rand, Math.round(q.overviewChars(rand())))) + '.',
    popularity: Math.round(q.popularity(fame) * 1e6) / 1e6,
    production_companies: Array.from({ length: pick.companyCount(rand()) }, () => {
      const [name, cid] = COMPANIES[Math.floor(rand() * COMPANIES.length)];
      return { name, id: cid };
    }),
    production_countries: distinct(rand, pick.countryCount(rand()), pick.country, (c) => c.iso_3166_1),
    release_date: date,
    revenue,
    runtime: rand() < SHARES.runtimeUnknown ? 0 : Math.round(q.runtime(rand())),
    spoken_languages: spoken,
    status: rand() < 8 / 4803 ? 'Rumored' : 'Released',
    tagline: rand() < SHARES.emptyTagline ? '' : capitalise(words(rand, Math.round(q.taglineChars(rand())))) + '.',
    title,
    vote_average: voteCount === 0 ? 0 : Math.round(q.voteAverage(rand()) * 10) / 10,
    vote_count: voteCount,
  };
}

/** Movies with ids firstId, firstId+1, …; the same seed gives the same movies. */
export function* generateMovies({ count, seed = 42, firstId = 1 }) {
  const rand = random(seed);
  for (let i = 0; i < count; i++) yield movie(rand, firstId + i);
}

// The Kaggle file writes its JSON lists Python-style (", " and ": ") with \u escapes.
const pyJson = (value) =>
  JSON.stringify(value)
    .replace(/},{/g, '}, {')
    .replace(/":/g, '": ')
    .replace(/,"/g, ', "')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function csvField(value) {
  const s = value == null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvLine(m) {
  const row = {
    ...m,
    genres: pyJson(m.genres),
    keywords: pyJson(m.keywords),
    production_companies: pyJson(m.production_companies),
    production_countries: pyJson(m.production_countries),
    spoken_languages: pyJson(m.spoken_languages),
  };
  return CSV_COLUMNS.map((c) => csvField(row[c])).join(',') + '\n';
}

export function toJsonLine(m) {
  const { keywords, ...details } = m;
  return JSON.stringify({ ...details, keywords: { keywords } }) + '\n';
}

/** The dataset as text chunks of ~64 KB, for a stream. */
export function* datasetChunks({ count, seed = 42, firstId = 1, format = 'csv' }) {
  const line = format === 'csv' ? toCsvLine : toJsonLine;
  let chunk = format === 'csv' ? CSV_COLUMNS.join(',') + '\n' : '';
  for (const m of generateMovies({ count, seed, firstId })) {
    chunk += line(m);
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export async function writeDataset(path, options) {
  await pipeline(Readable.from(datasetChunks(options)), createWriteStream(path));
}

/** "10k" → 10000, "1M" → 1000000. */
export function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(text).trim());
  if (!m) throw new Error(`not a count: "${text}" (expected for example 5000, 10k or 1M)`);
  return Math.round(Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6));
}

function cli(argv) {
  const options = { count: 10_000, seed: 42, firstId: 1, format: 'csv' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--count') options.count = parseCount(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--first-id') options.firstId = Number(value);
    else if (flag === '--format') options.format = value === 'jsonl' || value === 'ndjson' ? 'jsonl' : value === 'csv' ? 'csv' : undefined;
    else throw new Error(`unknown option ${flag}; usage: generate.mjs --count 100k --format csv|jsonl --seed 42 [--first-id 1]`);
    i++;
  }
  if (!options.format) throw new Error('--format must be csv or jsonl');
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await pipeline(Readable.from(datasetChunks(cli(process.argv.slice(2)))), process.stdout);
  } catch (error) {
    if (error.code !== 'EPIPE') {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
  }
}
