import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoServerError } from 'mongodb';
import { trusted, type Model } from 'mongoose';
import { Lease } from './lease.schema.js';

/**
 * Leases: a holder owns a key until it expires. Taking one is a single upsert that
 * matches only a free or expired lease; when the key is held the upsert collides with
 * the _id and fails, so two replicas (or two requests to one) can never both win.
 * Operator filters are marked `trusted`: the connection sanitizes every other filter.
 */
@Injectable()
export class LeaseRepository {
  constructor(@InjectModel(Lease.name) private readonly model: Model<Lease>) {}

  async acquire(key: string, holder: string, ttlMs: number, jobId: string | null = null): Promise<boolean> {
    const now = new Date();
    try {
      await this.model.collection.updateOne(
        { _id: key as never, expiresAt: { $lte: now } },
        { $set: { holder, jobId, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  /** Extends a lease still held by `holder`; false when it was lost (expired and taken). */
  async renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const result = await this.model.collection.updateOne({ _id: key as never, holder }, { $set: { expiresAt: new Date(Date.now() + ttlMs) } });
    return result.matchedCount === 1;
  }

  async release(key: string, holder: string): Promise<void> {
    await this.model.collection.deleteOne({ _id: key as never, holder });
  }

  /** Drops expired leases whose key starts with `prefix` (tick leases pile up otherwise; TTL indexes are not everywhere). */
  async removeExpired(prefix: string): Promise<void> {
    await this.model.collection.deleteMany({ _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } as never, expiresAt: { $lte: new Date() } });
  }

  async current(key: string): Promise<Lease | null> {
    return this.model
      .findOne({ _id: key, expiresAt: trusted({ $gt: new Date() }) })
      .lean<Lease>()
      .exec();
  }
}
