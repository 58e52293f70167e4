import { AnswerQueryDto } from './answer.query.dto.js';
import { DateTimeParam, IntParam } from '../../common/dto/query-params.js';

export const TABLE_PAGE_SIZE_MAX = 5000;

/** Paging over a flat table for BI tools. */
export class TableQueryDto extends AnswerQueryDto {
  @IntParam({ default: 1, min: 1, max: 1e6, description: 'Page number, from 1.' })
  page?: number;

  @IntParam({ default: 1000, min: 1, max: TABLE_PAGE_SIZE_MAX, description: 'Rows per page.' })
  pageSize?: number;
}

/** Paging plus incremental refresh: only movies whose data changed at or after `updatedSince`. */
export class MovieTableQueryDto extends TableQueryDto {
  @DateTimeParam({ description: 'Only movies whose stored data changed at or after this instant (for incremental refresh).' })
  updatedSince?: string;
}

/** A whole-table export: optionally only the movies changed at or after `updatedSince`. */
export class TableExportQueryDto {
  @DateTimeParam({ description: 'Only movies whose stored data changed at or after this instant (for incremental refresh).' })
  updatedSince?: string;
}
