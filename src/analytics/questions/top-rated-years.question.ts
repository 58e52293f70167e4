import { computeTopRatedYears } from '../compute/top-rated-years.js';
import { TopRatedYearsAnswer } from '../dto/answer.view.js';
import { TopRatedYearsQueryDto } from '../dto/top-rated-years.query.dto.js';
import type { TopRatedPerYearParams } from '../pipelines/top-rated-per-year.pipeline.js';
import { defineQuestion } from './question.js';

export const topRatedYears = defineQuestion({
  name: 'topRatedYears',
  route: 'top-rated/years',
  question: 'Which release years have the most and the fewest top-rated movies?',
  definition:
    'A movie is top-rated when its vote average is at least minRating and it has at least minVotes votes. Counted per release year within [from, to]; movies without a release date are left out, and years without a top-rated movie are not listed. most and fewest list every tied year. considered = top-rated movies in the range.',
  query: TopRatedYearsQueryDto,
  response: TopRatedYearsAnswer,
  compute: (store, params) => computeTopRatedYears(store, params as unknown as TopRatedPerYearParams),
  columns: [
    { id: 'year', type: 'int', description: 'Release year' },
    { id: 'count', type: 'int', description: 'Top-rated movies' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i })),
  table: { route: 'top-rated-years', definition: 'The items of /analytics/top-rated/years at default parameters.' },
});
