import { computeDataQuality } from '../compute/data-quality.js';
import { DataQualityAnswer } from '../dto/answer.view.js';
import { DataQualityQueryDto } from '../dto/data-quality.query.dto.js';
import { SUSPICIOUS_MONEY_BELOW } from '../pipelines/data-quality.pipeline.js';
import { defineQuestion } from './question.js';

export const dataQuality = defineQuestion({
  name: 'dataQuality',
  route: 'data-quality',
  question: 'What do the answers rest on, and where is the data thin?',
  definition: `All movies stored, and per check how many fail it, with the lowest few TMDB ids as examples: budget or revenue unknown (0), budget or revenue known but under ${SUSPICIOUS_MONEY_BELOW} USD (suspicious), no release date, no votes, no genres, original language missing or not an ISO 639-1 code. considered = all movies.`,
  query: DataQualityQueryDto,
  response: DataQualityAnswer,
  compute: (store) => computeDataQuality(store),
  columns: [
    { id: 'check', type: 'string', description: 'Check' },
    { id: 'description', type: 'string', description: 'What it finds' },
    { id: 'count', type: 'int', description: 'Movies failing it' },
    { id: 'examples', type: 'string', description: 'A few TMDB ids, space-separated' },
  ],
  rows: (a) => a.items.map((i) => ({ ...i, examples: i.examples.join(' ') })),
});
