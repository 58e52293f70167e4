import type { PipelineStage } from 'mongoose';
import { ISO_639_1 } from '../iso-639-1.js';

/** Money under this many USD is kept but reported as suspicious (TMDB holds budgets such as 1 or 7). */
export const SUSPICIOUS_MONEY_BELOW = 1000;
export const QUALITY_EXAMPLES = 5;

export interface QualityCheck {
  check: string;
  description: string;
  filter: Record<string, unknown>;
}

export const QUALITY_CHECKS: readonly QualityCheck[] = [
  { check: 'unknownBudget', description: 'budget unknown (0)', filter: { budget: { $lte: 0 } } },
  { check: 'unknownRevenue', description: 'revenue unknown (0)', filter: { revenue: { $lte: 0 } } },
  {
    check: 'suspiciousBudget',
    description: `budget known but under ${SUSPICIOUS_MONEY_BELOW} USD`,
    filter: { budget: { $gt: 0, $lt: SUSPICIOUS_MONEY_BELOW } },
  },
  {
    check: 'suspiciousRevenue',
    description: `revenue known but under ${SUSPICIOUS_MONEY_BELOW} USD`,
    filter: { revenue: { $gt: 0, $lt: SUSPICIOUS_MONEY_BELOW } },
  },
  { check: 'noReleaseDate', description: 'no release date', filter: { releaseDate: null } },
  { check: 'noVotes', description: 'no votes (vote average meaningless)', filter: { voteCount: { $lte: 0 } } },
  { check: 'noGenres', description: 'no genres', filter: { 'genres.0': { $exists: false } } },
  {
    check: 'nonIsoLanguage',
    description: 'original language missing or not an ISO 639-1 code (such as TMDB’s cn, xx)',
    filter: { originalLanguage: { $nin: ISO_639_1 } },
  },
];

/** One pass: the number of movies in total and, per check, how many fail it and the lowest few TMDB ids that do. */
export function dataQuality(): PipelineStage[] {
  const facets: Record<string, PipelineStage.FacetPipelineStage[]> = { total: [{ $count: 'n' }] };
  for (const { check, filter } of QUALITY_CHECKS) {
    facets[`${check}Count`] = [{ $match: filter }, { $count: 'n' }];
    facets[`${check}Examples`] = [{ $match: filter }, { $sort: { tmdbId: 1 } }, { $limit: QUALITY_EXAMPLES }, { $project: { _id: 0, tmdbId: 1 } }];
  }
  return [{ $facet: facets }];
}
