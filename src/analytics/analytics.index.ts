import { createHash } from 'node:crypto';
import { QUESTION_UNITS } from './questions/index.js';
import { FRESHNESS_CONTRACT } from './questions/question.js';
import type { EndpointView, IndexView } from './dto/answer.view.js';
import { paramDocs } from '../common/dto/query-params.js';
import { MovieTableQueryDto, TableQueryDto } from './dto/table.query.dto.js';

/** The tables of the movies themselves; the answers' tables come from the registry. */
const MOVIE_TABLES: { path: string; question: string; definition: string }[] = [
  {
    path: '/analytics/tables/movies',
    question: 'Every movie as a flat row.',
    definition:
      'All stored movies in TMDB id order; updatedSince keeps only movies changed at or after it, for incremental refresh (total counts the movies changed in or after its second). releaseDate is YYYY-MM-DD, updatedAt ISO 8601 UTC; money 0 = unknown.',
  },
  {
    path: '/analytics/tables/movie-genres',
    question: 'Which genres each movie has.',
    definition: 'One row per distinct (movie, genre), movies in the same order as the movies table; joins it on tmdbId.',
  },
];

function build(): IndexView {
  const endpoints: EndpointView[] = QUESTION_UNITS.map((q) => ({
    path: `/analytics/${q.route}`,
    question: q.question,
    definition: q.definition,
    params: paramDocs(q.query),
  }));
  const tables: EndpointView[] = [
    ...MOVIE_TABLES.map((t) => ({ ...t, params: paramDocs(MovieTableQueryDto) })),
    ...QUESTION_UNITS.flatMap((q) =>
      q.table ? [{ path: `/analytics/tables/${q.table.route}`, question: q.question, definition: q.table.definition, params: paramDocs(TableQueryDto) }] : [],
    ),
  ];
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
