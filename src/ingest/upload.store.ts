import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { GridFSBucket, type Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class UploadTooLargeError extends Error {}

/**
 * Uploaded files are kept in MongoDB (GridFS) until their job ends: any replica can
 * run or resume the job, and no server-side path ever comes from a request.
 */
@Injectable()
export class UploadStore {
  private readonly bucket: GridFSBucket;

  constructor(@InjectConnection() connection: Connection) {
    this.bucket = new GridFSBucket(connection.db as unknown as Db, { bucketName: 'uploads' });
  }

  /** Streams the body into the store under `key` (the job id); refuses (and removes) anything past `maxBytes`. */
  async save(key: string, body: Readable, maxBytes: number): Promise<number> {
    const upload = this.bucket.openUploadStream(key);
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) body.destroy(new UploadTooLargeError(`upload is larger than ${maxBytes} bytes`));
    });
    try {
      await pipeline(body, upload);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
    return bytes;
  }

  open(key: string): Readable {
    return this.bucket.openDownloadStreamByName(key);
  }

  /** Whether a file is stored under `key` (a job's upload is gone once the job completed, or when it was refused). */
  async exists(key: string): Promise<boolean> {
    return (await this.bucket.find({ filename: key }, { limit: 1 }).toArray()).length > 0;
  }

  async remove(key: string): Promise<void> {
    const files = await this.bucket.find({ filename: key }).toArray();
    for (const file of files) await this.bucket.delete(file._id).catch(() => undefined);
  }
}
