import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';

export interface DatasetVersion {
  /** Goes up by one each time a write changes the movies; caches and ETags key on it. */
  generation: number;
  /** When the movies last changed (null before the first write). */
  updatedAt: Date | null;
}

interface VersionDoc {
  _id: string;
  generation: number;
  updatedAt: Date;
}

const MOVIES_VERSION_ID = 'movies';

/** The movies' data version, kept in MongoDB so every API replica sees the same one. */
@Injectable()
export class DatasetVersionRepository {
  private readonly collection: Collection<VersionDoc>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<VersionDoc>('dataset_versions');
  }

  async current(): Promise<DatasetVersion> {
    const doc = await this.collection.findOne({ _id: MOVIES_VERSION_ID });
    return { generation: doc?.generation ?? 0, updatedAt: doc?.updatedAt ?? null };
  }

  async bump(at: Date): Promise<void> {
    await this.collection.updateOne({ _id: MOVIES_VERSION_ID }, { $inc: { generation: 1 }, $set: { updatedAt: at } }, { upsert: true });
  }
}
