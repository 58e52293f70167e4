import { AnswerQueryDto } from './answer.query.dto.js';
import { IntParam } from '../../common/dto/query-params.js';

export class LanguagesQueryDto extends AnswerQueryDto {
  @IntParam({ default: 100, min: 0, max: 1e9, description: 'A movie counts only with at least this many votes.' })
  minVotes?: number;

  @IntParam({ default: 5, min: 1, max: 1e9, description: 'A language is listed only with at least this many counted movies.' })
  minMovies?: number;
}
