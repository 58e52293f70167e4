import { AnswerQueryDto, YEAR_MAX, YEAR_MIN } from './answer.query.dto.js';
import { IntParam, NotBefore } from '../../common/dto/query-params.js';

export class TopRevenuePerYearQueryDto extends AnswerQueryDto {
  @IntParam({ default: 5, min: 1, max: 100, description: 'Movies per year.' })
  n?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'First release year (inclusive); all years when absent.' })
  from?: number;

  @IntParam({ min: YEAR_MIN, max: YEAR_MAX, description: 'Last release year (inclusive); all years when absent.' })
  @NotBefore('from')
  to?: number;
}
