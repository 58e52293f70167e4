import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Movie, MovieSchema } from './movie.schema.js';
import { MovieRepository } from './movie.repository.js';
import { DatasetVersionRepository } from './dataset-version.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Movie.name, schema: MovieSchema }])],
  providers: [MovieRepository, DatasetVersionRepository],
  exports: [MovieRepository, DatasetVersionRepository, MongooseModule],
})
export class MoviesModule {}
