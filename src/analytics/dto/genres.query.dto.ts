import { AnswerQueryDto } from './answer.query.dto.js';
import { IntParam } from '../../common/dto/query-params.js';

export class GenresQueryDto extends AnswerQueryDto {
  @IntParam({ default: 0, min: 0, max: 1e9, description: 'A movie counts only with at least this many votes.' })
  minVotes?: number;
}
