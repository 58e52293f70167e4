import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { GridFSBucket, type Binary, type Collection, type Db, type GridFSChunk, type GridFSFile } from 'mongodb';
import type { Connection } from 'mongoose';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class UploadTooLargeError extends Error {}

/**
 * Chunks (255 KB each) fetched per cursor round trip when a job reads its upload back: about 2 MB
 * in memory whatever the file's size. The driver's GridFS download stream sets no batch size, and a
 * server that then answers with every chunk at once (the local mongo-java-server does) would put a
 * 1.4 GB upload in memory in one go.
 */
const CHUNKS_PER_BATCH = 8;

/**
 * Uploaded files are kept in MongoDB (GridFS) until their job ends: any replica can
 * run or resume the job, and no server-side path ever comes from a request.
 */
@Injectable()
export class UploadStore {
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<GridFSFile>;
  private readonly chunks: Collection<GridFSChunk>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db as unknown as Db;
    this.bucket = new GridFSBucket(db, { bucketName: 'uploads' });
    this.files = db.collection<GridFSFile>('uploads.files');
    this.chunks = db.collection<GridFSChunk>('uploads.chunks');
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

  /** The stored bytes of `key` (the newest file of that name), read a few chunks at a time. */
  open(key: string): Readable {
    return Readable.from(this.read(key), { objectMode: false });
  }

  private async *read(key: string): AsyncGenerator<Buffer> {
    const file = await this.files.findOne({ filename: key }, { sort: { uploadDate: -1 } });
    if (!file) throw new Error(`no stored upload named ${key}`);
    const expected = Math.ceil(file.length / file.chunkSize);
    const cursor = this.chunks.find({ files_id: file._id }, { batchSize: CHUNKS_PER_BATCH }).sort({ n: 1 });
    let n = 0;
    try {
      for await (const chunk of cursor) {
        if (chunk.n !== n) throw new Error(`stored upload ${key} is damaged: chunk ${n} is missing (found ${chunk.n})`);
        const data = chunk.data as unknown as Binary;
        yield Buffer.from(data.buffer.subarray(0, data.length()));
        n++;
      }
    } finally {
      await cursor.close();
    }
    if (n !== expected) throw new Error(`stored upload ${key} is damaged: ${n} of ${expected} chunks`);
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
