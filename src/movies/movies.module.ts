import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Movie, MovieSchema } from './movie.schema.js';
import { MovieRepository } from './movie.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Movie.name, schema: MovieSchema }])],
  providers: [MovieRepository],
  exports: [MovieRepository, MongooseModule],
})
export class MoviesModule {}
