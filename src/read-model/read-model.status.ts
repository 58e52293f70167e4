export type ReadModelState = 'loading' | 'ready';

/** Where the model stands, for answers, /health and /metrics. */
export interface ReadModelStatus {
  state: ReadModelState;
  movies: number;
  /** The feed position applied: the next offset per partition, in partition order (the data version). */
  dataVersion: string;
  /** Every change stored and published to the feed before this instant is in the model (null until first confirmed). */
  asOf: string | null;
  /** Nothing more is on its way: no ingest is producing, the consumers have committed everything, the model has applied the feed to its end. */
  settled: boolean;
  /** Why the model is not settled, in one line (what more is on its way, or what could not be read); null when settled. */
  waitingFor: string | null;
  /** Feed entries published but not yet applied here. */
  lag: number;
  feed: { up: boolean; error: string | null };
  bytesPerMovie: number;
  /** Bytes of the titles (UTF-8 arena and its offsets) per movie, apart from the numeric columns. */
  titleBytesPerMovie: number;
}
