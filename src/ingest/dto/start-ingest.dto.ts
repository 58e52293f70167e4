import { MOVIE_SOURCES, type MovieSource } from '../../stream/movie-message.dto.js';
import { CALENDAR_DATE_PATTERN, isCalendarDate } from '../../common/calendar-date.js';
import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiSchemaOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { IntParam } from '../../common/dto/query-params.js';
import { JOB_STATES, type JobState } from '../jobs/ingest-job.schema.js';

/** The sources POST /ingest starts: every source of a movie message but files (those go to POST /ingest/file). */
export type TmdbSource = Exclude<MovieSource, 'file'>;
export const TMDB_SOURCES = MOVIE_SOURCES.filter((s): s is TmdbSource => s !== 'file');

/** Optional in the body means absent: null is refused like any other value of the wrong type (IsOptional would let it through). */
const OptionalNotNull = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: { validate: isCalendarDate, defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a date YYYY-MM-DD` },
  });
}

/** `to` must not come before `from` (both dates; YYYY-MM-DD sorts as text). */
function NotBeforeFrom(): PropertyDecorator {
  return ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = (args?.object as StartIngestDto | undefined)?.from;
        return !isCalendarDate(value) || !isCalendarDate(from) || (value as string) >= from!;
      },
      defaultMessage: (args?: ValidationArguments) => `to (${String(args?.value)}) must not be before from (${String((args?.object as StartIngestDto).from)})`,
    },
  });
}

// The ValidationPipe refuses unknown properties (forbidNonWhitelisted), so the schema says so too (ApiSchema passes the key through).
@ApiSchema({ additionalProperties: false } as ApiSchemaOptions)
export class StartIngestDto {
  @ApiProperty({ enum: TMDB_SOURCES, description: 'What to read. Files go to POST /ingest/file.' })
  @IsIn(TMDB_SOURCES, { message: `source must be one of ${TMDB_SOURCES.join(', ')} (files go to POST /ingest/file)` })
  source!: TmdbSource;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 10_000,
    default: 10,
    description: 'Pages of the list to read (tmdb-top-rated, tmdb-discover, tmdb-changes); 20 movies a page.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(10_000)
  pages?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer', minimum: 1 },
    minItems: 1,
    maxItems: 10_000,
    description: 'TMDB ids to fetch: required for tmdb-ids (1 to 10,000 of them).',
  })
  @ValidateIf((o: StartIngestDto) => o.source === 'tmdb-ids' || o.ids !== undefined)
  @ArrayMinSize(1, { message: 'ids must list at least one TMDB id for source tmdb-ids' })
  @ArrayMaxSize(10_000)
  @IsInt({ each: true, message: 'each of ids must be a whole number' })
  @Min(1, { each: true, message: 'each of ids must be at least 1' })
  ids?: number[];

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    pattern: CALENDAR_DATE_PATTERN,
    example: '2000-01-01',
    description: 'tmdb-discover: earliest primary release date; tmdb-changes: start of the change window.',
  })
  @OptionalNotNull()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    pattern: CALENDAR_DATE_PATTERN,
    example: '2024-12-31',
    description: 'tmdb-discover: latest primary release date; tmdb-changes: end of the change window. Not before from.',
  })
  @OptionalNotNull()
  @IsCalendarDate()
  @NotBeforeFrom()
  to?: string;
}

export class ListJobsQueryDto {
  @IntParam({ default: 20, min: 1, max: 200, description: 'How many jobs.' })
  limit?: number;

  @ApiPropertyOptional({ enum: JOB_STATES, description: 'Only jobs in this state.' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;
}

/** What ParseUUIDPipe({ version: '4' }) accepts as a job id. */
export const UUID_V4_PATTERN = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$';

const UPLOAD_NAME = /^[A-Za-z0-9_ .-]{1,200}$/;

export class UploadQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl', 'auto'], default: 'auto', description: 'Format of the body; auto looks at its first bytes.' })
  @IsOptional()
  @IsIn(['csv', 'jsonl', 'auto'])
  format?: 'csv' | 'jsonl' | 'auto';

  @ApiPropertyOptional({ pattern: UPLOAD_NAME.source, minLength: 1, maxLength: 200, description: 'A name for the upload, shown on the job.' })
  @IsOptional()
  @Matches(UPLOAD_NAME, { message: 'name may hold letters, digits, space, dot, dash and underscore (at most 200)' })
  name?: string;
}
