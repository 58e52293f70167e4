import { createHash } from 'node:crypto';
import { QUESTIONS } from './analytics.catalog.js';
import { FRESHNESS_CONTRACT } from './analytics.questions.js';
import type { EndpointView, IndexView } from './dto/answer.view.js';
import { paramDocs } from './dto/query-params.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';

const TABLES: { path: string; question: string; definition: string; incremental: boolean }[] = [
  {
    path: '/analytics/tables/movies',
    question: 'Every movie as a flat row.',
    definition:
      'All stored movies in TMDB id order; updatedSince keeps only movies changed at or after it, for incremental refresh (total counts the movies changed in or after its second). releaseDate is YYYY-MM-DD, updatedAt ISO 8601 UTC; money 0 = unknown.',
    incremental: true,
  },
  {
    path: '/analytics/tables/movie-genres',
    question: 'Which genres each movie has.',
    definition: 'One row per (movie, genre), movies in the same order as the movies table; joins it on tmdbId.',
    incremental: true,
  },
  {
    path: '/analytics/tables/languages',
    question: QUESTIONS.languages.question,
    definition: 'The items of /analytics/languages at default parameters.',
    incremental: false,
  },
  {
    path: '/analytics/tables/genres',
    question: QUESTIONS.genres.question,
    definition: 'The items of /analytics/genres at default parameters.',
    incremental: false,
  },
  {
    path: '/analytics/tables/top-rated-years',
    question: QUESTIONS.topRatedYears.question,
    definition: 'The items of /analytics/top-rated/years at default parameters.',
    incremental: false,
  },
  {
    path: '/analytics/tables/top-revenue-per-year',
    question: QUESTIONS.topRevenuePerYear.question,
    definition: 'The movies of /analytics/revenue/top-per-year at default parameters, one row per (year, rank).',
    incremental: false,
  },
  {
    path: '/analytics/tables/revenue-budget-points',
    question: QUESTIONS.revenueVsBudget.question,
    definition: 'The points of /analytics/revenue-vs-budget at default parameters.',
    incremental: false,
  },
];

function build(): IndexView {
  const endpoints: EndpointView[] = Object.values(QUESTIONS).map((q) => ({
    path: q.path,
    question: q.question,
    definition: q.definition,
    params: paramDocs(q.query),
  }));
  const tables: EndpointView[] = TABLES.map(({ incremental, ...t }) => ({ ...t, params: paramDocs(incremental ? MovieTableQueryDto : TableQueryDto) }));
  return {
    description: `Every answer is computed on request from the serving process's read model of the movies, for any parameters. ${FRESHNESS_CONTRACT} Responses carry question, definition, params (after defaults), considered, dataVersion, asOf, settled, feed and items; add ?format=csv or Accept: text/csv for flat rows. ETag and If-None-Match work on every endpoint.`,
    endpoints,
    tables,
  };
}

/** The index never changes while the process runs. */
export const ANALYTICS_INDEX: IndexView = build();
export const ANALYTICS_INDEX_ETAG = `"${createHash('sha256').update(JSON.stringify(ANALYTICS_INDEX)).digest('base64url').slice(0, 27)}"`;

/** The index as CSV rows: one per endpoint, its parameters as name=default. */
export function indexRows(index: IndexView) {
  return [...index.endpoints, ...index.tables].map((e) => ({
    path: e.path,
    question: e.question,
    definition: e.definition,
    params: e.params.map((p) => (p.default !== undefined ? `${p.name}=${p.default}` : p.name)).join(' '),
  }));
}
