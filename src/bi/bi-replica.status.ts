export type BiReplicaState = 'off' | 'starting' | 'following';

/** Where the BI replica stands, for /health and /metrics. */
export interface BiReplicaStatus {
  state: BiReplicaState;
  /** Feed entries published but not yet in PostgreSQL (null until first measured). */
  lag: number | null;
  /** Every change stored and published before this instant is in PostgreSQL (null until first confirmed). */
  asOf: string | null;
  database: { up: boolean; error: string | null; schemaVersion: number | null };
  feed: { up: boolean; error: string | null };
  /** Why the read-only role is not managed by the writer (null when it is). */
  reader: string | null;
}
