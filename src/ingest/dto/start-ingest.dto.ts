import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';

export const TMDB_SOURCES = ['tmdb-top-rated', 'tmdb-discover', 'tmdb-ids', 'tmdb-changes'] as const;
export type TmdbSource = (typeof TMDB_SOURCES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class StartIngestDto {
  @ApiProperty({ enum: TMDB_SOURCES, description: 'What to read. Files go to POST /ingest/file.' })
  @IsIn(TMDB_SOURCES, { message: `source must be one of ${TMDB_SOURCES.join(', ')} (files go to POST /ingest/file)` })
  source!: TmdbSource;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10_000,
    default: 10,
    description: 'Pages of the list to read (tmdb-top-rated, tmdb-discover, tmdb-changes); 20 movies a page.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  pages?: number;

  @ApiPropertyOptional({ type: [Number], description: 'TMDB ids to fetch (tmdb-ids only, 1 to 10,000 of them).' })
  @ValidateIf((o: StartIngestDto) => o.source === 'tmdb-ids' || o.ids !== undefined)
  @ArrayMinSize(1, { message: 'ids must list at least one TMDB id for source tmdb-ids' })
  @ArrayMaxSize(10_000)
  @IsInt({ each: true, message: 'each of ids must be a whole number' })
  @Min(1, { each: true, message: 'each of ids must be at least 1' })
  ids?: number[];

  @ApiPropertyOptional({ example: '2000-01-01', description: 'tmdb-discover: earliest primary release date; tmdb-changes: start of the change window.' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2024-12-31', description: 'tmdb-discover: latest primary release date; tmdb-changes: end of the change window.' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ListJobsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] })
  @IsOptional()
  @IsIn(['queued', 'running', 'completed', 'failed', 'cancelled'])
  state?: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
}

export class UploadQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl', 'auto'], default: 'auto', description: 'Format of the body; auto looks at its first bytes.' })
  @IsOptional()
  @IsIn(['csv', 'jsonl', 'auto'])
  format?: 'csv' | 'jsonl' | 'auto';

  @ApiPropertyOptional({ description: 'A name for the upload, shown on the job.' })
  @IsOptional()
  @Matches(/^[\w .-]{1,200}$/, { message: 'name may hold letters, digits, space, dot, dash and underscore (at most 200)' })
  name?: string;
}
