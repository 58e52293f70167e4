/**
 * The limits of a movie message, owned here and held on both sides of Kafka: the ingest mapper
 * refuses a movie that breaks them (a row failure on its job), and the consumer dead-letters a
 * message that breaks them (it came from another producer). String lengths are UTF-16 code units.
 */
export const MOVIE_MESSAGE_LIMITS = {
  /** Real titles are a few dozen characters; a longer text is not a title, and titles are shown in every answer. */
  titleChars: 500,
  originalTitleChars: 500,
  /** TMDB has 19 movie genres; files with their own genre lists get room, but not an unbounded array per movie. */
  genres: 50,
  /** TMDB's longest genre name is 15 characters ("Science Fiction"). */
  genreNameChars: 100,
  /** TMDB's statuses are a word or two ("Post Production" is the longest). */
  statusChars: 50,
  /** ISO 639-1 has under 200 codes; a movie is rarely in more than a dozen languages. */
  spokenLanguages: 100,
  /** Minutes (about a week): past it, a runtime is a data error rather than a film to average. */
  runtimeMinutes: 10_000,
  /** Dollars; no budget or gross comes near 1e13, and every whole number up to it is exact as a double. */
  money: 1e13,
  /** TMDB ids are far below 2^31; a signed 32-bit integer holds every one. */
  tmdbId: 2_147_483_647,
  /**
   * Bytes of the encoded value. A movie is about 1.4 KB, and the field limits above hold any message under
   * 40 KB (movie-message.limits.spec.ts works it out), so this refuses only what another producer sent.
   * It sits at a quarter of Kafka's default max.message.bytes, leaving room for key, headers and batch framing.
   */
  messageBytes: 256 * 1024,
} as const;

/** Kafka's default `message.max.bytes` (broker) and `max.message.bytes` (topic); the local broker and the topics keep it. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
