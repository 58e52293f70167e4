import { MoneyFloorsQueryDto } from './answer.query.dto.js';

/** Only the money floors: profit needs budget and revenue known, budget needs budget known. */
export class ExtremesQueryDto extends MoneyFloorsQueryDto {}
