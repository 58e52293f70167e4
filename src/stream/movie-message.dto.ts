import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Bumped when a field changes meaning; consumers refuse versions they do not know. */
export const MOVIE_MESSAGE_SCHEMA_VERSION = 1;

export const MOVIE_SOURCES = ['tmdb-top-rated', 'tmdb-discover', 'tmdb-ids', 'tmdb-changes', 'file'] as const;
export type MovieSource = (typeof MOVIE_SOURCES)[number];

export class MovieGenreDto {
  @IsInt()
  @Min(0)
  id!: number;

  @IsString()
  @Length(1, 100)
  name!: string;
}

/**
 * One movie on the movie topic (key: its TMDB id). Money keeps TMDB's convention:
 * 0 means unknown; the movie mapper turns that into a null profit at write time.
 */
export class MovieMessageDto {
  @IsIn([MOVIE_MESSAGE_SCHEMA_VERSION])
  schemaVersion!: number;

  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  tmdbId!: number;

  @IsString()
  @Length(1, 500)
  title!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  originalTitle!: string | null;

  /** ISO 639-1, plus TMDB's own non-ISO codes such as `cn` and `xx`. */
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/, { message: 'originalLanguage must be a 2-3 letter lowercase language code' })
  originalLanguage!: string | null;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'releaseDate must be YYYY-MM-DD' })
  releaseDate!: string | null;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MovieGenreDto)
  genres!: MovieGenreDto[];

  @IsInt()
  @Min(0)
  @Max(1e13)
  budget!: number;

  @IsInt()
  @Min(0)
  @Max(1e13)
  revenue!: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  runtime!: number | null;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  voteAverage!: number;

  @IsInt()
  @Min(0)
  voteCount!: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  popularity!: number | null;

  @IsOptional()
  @IsString()
  @Length(0, 50)
  status!: string | null;

  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z]{2,3}$/, { each: true, message: 'spokenLanguages must hold 2-3 letter language codes' })
  spokenLanguages!: string[];

  @IsIn(MOVIE_SOURCES)
  source!: MovieSource;

  /** When the data was read from its source; a copy observed earlier never overwrites a later one. */
  @IsISO8601({ strict: true })
  observedAt!: string;
}

/** The plain shape producers build (no class instance needed to publish). */
export type MovieMessage = Omit<MovieMessageDto, never>;
