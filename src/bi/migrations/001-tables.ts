import type { Migration } from './migration.js';

/**
 * The analysts' tables (schema `public`, what BI tools list first) and the writer's own
 * bookkeeping (schema `bi_internal`, which the read-only role cannot see).
 */
export const tables: Migration = {
  version: 1,
  name: 'movies and movie_genres',
  sql: `
CREATE SCHEMA IF NOT EXISTS bi_internal;
REVOKE ALL ON SCHEMA bi_internal FROM PUBLIC;

CREATE TABLE movies (
  tmdb_id           integer PRIMARY KEY,
  title             text NOT NULL,
  original_title    text,
  original_language text,
  language_name     text,
  release_date      date,
  release_year      integer,
  budget            bigint,
  revenue           bigint,
  profit            bigint,
  vote_average      double precision NOT NULL,
  vote_count        integer NOT NULL,
  popularity        double precision,
  runtime           integer,
  status            text,
  updated_at        timestamptz NOT NULL,
  observed_at       timestamptz NOT NULL
);
COMMENT ON TABLE movies IS 'One row per movie, keyed by its TMDB id: what MongoDB (the system of record) holds, kept current from the feed of stored changes. Unknown money (0 in TMDB) is NULL, never 0.';
COMMENT ON COLUMN movies.tmdb_id IS 'The movie''s TMDB id (themoviedb.org/movie/<id>).';
COMMENT ON COLUMN movies.title IS 'Title (TMDB''s, in English where TMDB has one).';
COMMENT ON COLUMN movies.original_title IS 'Title in the original language; NULL when the source gave none.';
COMMENT ON COLUMN movies.original_language IS 'Original language, ISO 639-1 code (en, fr, ja, ...); NULL when unknown.';
COMMENT ON COLUMN movies.language_name IS 'English name of original_language; NULL when the code is unknown or has no name.';
COMMENT ON COLUMN movies.release_date IS 'Release date (UTC); NULL when unknown.';
COMMENT ON COLUMN movies.release_year IS 'Year of release_date; NULL when unknown.';
COMMENT ON COLUMN movies.budget IS 'Production budget in US dollars; NULL when unknown (TMDB''s 0).';
COMMENT ON COLUMN movies.revenue IS 'Worldwide box-office revenue in US dollars; NULL when unknown (TMDB''s 0).';
COMMENT ON COLUMN movies.profit IS 'revenue - budget, when both are known; otherwise NULL.';
COMMENT ON COLUMN movies.vote_average IS 'TMDB mean user rating, 0 to 10.';
COMMENT ON COLUMN movies.vote_count IS 'Number of TMDB user votes behind vote_average.';
COMMENT ON COLUMN movies.popularity IS 'TMDB popularity score at observed_at; NULL when the source gave none.';
COMMENT ON COLUMN movies.runtime IS 'Running time in minutes; NULL when unknown.';
COMMENT ON COLUMN movies.status IS 'TMDB release status (Released, Post Production, ...); NULL when unknown.';
COMMENT ON COLUMN movies.updated_at IS 'When MongoDB''s copy of the movie last changed.';
COMMENT ON COLUMN movies.observed_at IS 'When the data was read from its source (TMDB or a file): the version a newer copy replaces.';
CREATE INDEX movies_release_year ON movies (release_year);
CREATE INDEX movies_original_language ON movies (original_language);
CREATE INDEX movies_updated_at ON movies (updated_at);

CREATE TABLE movie_genres (
  tmdb_id  integer NOT NULL REFERENCES movies (tmdb_id) ON DELETE CASCADE,
  genre_id integer NOT NULL,
  genre    text NOT NULL,
  PRIMARY KEY (tmdb_id, genre_id)
);
COMMENT ON TABLE movie_genres IS 'The genres of each movie, one row per (movie, genre); a movie without genres has no row. Join on tmdb_id.';
COMMENT ON COLUMN movie_genres.tmdb_id IS 'The movie (movies.tmdb_id).';
COMMENT ON COLUMN movie_genres.genre_id IS 'TMDB genre id.';
COMMENT ON COLUMN movie_genres.genre IS 'Genre name (Drama, Comedy, ...).';
CREATE INDEX movie_genres_genre_id ON movie_genres (genre_id);

-- The version of each movie held (observedAt in ms, then the content hash's first 32 bits): a change
-- applies only when newer, so replays and duplicates change nothing.
CREATE TABLE bi_internal.movie_versions (
  tmdb_id     integer PRIMARY KEY,
  observed_at bigint NOT NULL,
  tie         bigint NOT NULL
);

-- How far this replica has applied the feed, per partition, written in the same transaction as the rows.
CREATE TABLE bi_internal.feed_position (
  topic       text NOT NULL,
  partition   integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition)
);
`,
};
