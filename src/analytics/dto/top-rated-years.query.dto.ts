import { AnswerQueryDto, YEAR_MAX, YEAR_MIN } from './answer.query.dto.js';
import { IntParam, NotBefore, NumberParam } from '../../common/dto/query-params.js';

export class TopRatedYearsQueryDto extends AnswerQueryDto {
  @NumberParam({ default: 7, min: 0, max: 10, description: 'Top-rated means a vote average of at least this.' })
  minRating?: number;

  @IntParam({ default: 100, min: 0, max: 1e9, description: 'Top-rated also means at least this many votes.' })
  minVotes?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'First release year (inclusive); all years when absent.' })
  from?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'Last release year (inclusive); all years when absent.' })
  @NotBefore('from')
  to?: number;
}
