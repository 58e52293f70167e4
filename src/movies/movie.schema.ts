import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

@Schema({ _id: false })
export class MovieGenre {
  @Prop({ required: true }) id!: number;
  @Prop({ required: true }) name!: string;
}

/**
 * One document per TMDB id. Derived fields (year, profit) are computed once at write
 * time so every analytics query reads them instead of recomputing them.
 */
@Schema({ collection: 'movies', versionKey: false, timestamps: false })
export class Movie {
  /** The TMDB id: the primary key is the one index every MongoDB-wire server uses for writes. */
  @Prop({ type: Number, required: true }) _id!: number;
  @Prop({ required: true, unique: true }) tmdbId!: number;
  @Prop({ required: true }) title!: string;
  @Prop({ type: String, default: null }) originalTitle!: string | null;
  /** ISO 639-1 code (or TMDB's own `cn`, `xx`); null when unknown. */
  @Prop({ type: String, default: null }) originalLanguage!: string | null;
  @Prop({ type: String, default: null }) originalLanguageName!: string | null;
  @Prop({ type: Date, default: null }) releaseDate!: Date | null;
  @Prop({ type: Number, default: null }) releaseYear!: number | null;
  @Prop({ type: [MovieGenre], default: [] }) genres!: MovieGenre[];
  /** USD; 0 means unknown, as in TMDB. */
  @Prop({ required: true }) budget!: number;
  @Prop({ required: true }) revenue!: number;
  /** revenue − budget, null unless both are known (> 0). */
  @Prop({ type: Number, default: null }) profit!: number | null;
  @Prop({ required: true }) voteAverage!: number;
  @Prop({ required: true }) voteCount!: number;
  @Prop({ type: Number, default: null }) popularity!: number | null;
  @Prop({ type: Number, default: null }) runtime!: number | null;
  @Prop({ type: String, default: null }) status!: string | null;
  @Prop({ type: [String], default: [] }) spokenLanguages!: string[];
  /** Which sources have delivered this movie (top-rated, discover, file…). */
  @Prop({ type: [String], default: [] }) sources!: string[];
  /** When the data now stored was read from its source; older copies never overwrite it. */
  @Prop({ required: true }) observedAt!: Date;
  /** Hash of the content fields: a replay of equal content changes nothing. */
  @Prop({ required: true }) contentHash!: string;
  @Prop({ required: true }) createdAt!: Date;
  /** When the content last changed here; drives caches and incremental refresh. */
  @Prop({ required: true }) updatedAt!: Date;
}

export type MovieDocument = HydratedDocument<Movie>;
export const MovieSchema = SchemaFactory.createForClass(Movie);

// The indexes the analytics read by.
MovieSchema.index({ releaseYear: 1, revenue: -1 });
MovieSchema.index({ originalLanguage: 1 });
MovieSchema.index({ voteAverage: -1, voteCount: -1 });
MovieSchema.index({ profit: -1 });
MovieSchema.index({ budget: -1 });
MovieSchema.index({ 'genres.name': 1 });
MovieSchema.index({ updatedAt: 1, tmdbId: 1 });
