import { AnswerQueryDto } from './answer.query.dto.js';

/** No parameters beyond the format: the checks look at every movie. */
export class DataQualityQueryDto extends AnswerQueryDto {}
