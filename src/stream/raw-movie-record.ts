import type { IHeaders } from 'kafkajs';

/** A Kafka record as the batch transport hands it to handlers: bytes, not yet trusted. */
export interface RawMovieRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}
