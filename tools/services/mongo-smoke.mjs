#!/usr/bin/env node
// Which MongoDB features the local server answers correctly, through the app's own drivers
// (mongodb 7 and mongoose 9). Every check compares results, not just "no error".
// Works in a throwaway database that is dropped at the end.
//   node tools/services/mongo-smoke.mjs [--uri mongodb://127.0.0.1:27017] [--json] [--bench]
import { deepStrictEqual } from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';

const d = (s) => new Date(`${s}T00:00:00Z`);
// prettier-ignore
const MOVIES = [
  { tmdbId: 1, title: 'Alpha', releaseDate: d('2001-05-01'), genres: ['Drama', 'Action'], rating: 8, votes: 100, directorId: 10, budget: null },
  { tmdbId: 2, title: 'Beta', releaseDate: d('2001-09-01'), genres: ['Drama'], rating: 6, votes: 50, directorId: 10 },
  { tmdbId: 3, title: 'Gamma', releaseDate: d('2005-01-15'), genres: ['Comedy', 'Drama', 'Romance'], rating: 7, votes: 10, directorId: 11, budget: 1000 },
  { tmdbId: 4, title: 'Delta', releaseDate: d('2010-03-03'), genres: [], rating: 5, votes: 0, directorId: 12 },
];
const DIRECTORS = [
  { _id: 10, name: 'Xena' },
  { _id: 11, name: 'Yuri' },
];
const plain = (v) => JSON.parse(JSON.stringify(v));
const noId = { _id: 0 };

// [name, pipeline, expected] run against the movies collection; kept one case per row on purpose.
// prettier-ignore
const PIPELINES = [
  ['$match + $project', [{ $match: { rating: { $gte: 6 } } }, { $project: { ...noId, title: 1 } }, { $sort: { title: 1 } }],
    [{ title: 'Alpha' }, { title: 'Beta' }, { title: 'Gamma' }]],
  ['$group $sum/$avg/$push + $year + $sort', [{ $sort: { tmdbId: 1 } }, { $group: { _id: { $year: '$releaseDate' }, n: { $sum: 1 }, votes: { $sum: '$votes' }, avg: { $avg: '$rating' }, titles: { $push: '$title' } } }, { $sort: { _id: 1 } }],
    [{ _id: 2001, n: 2, votes: 150, avg: 7, titles: ['Alpha', 'Beta'] }, { _id: 2005, n: 1, votes: 10, avg: 7, titles: ['Gamma'] }, { _id: 2010, n: 1, votes: 0, avg: 5, titles: ['Delta'] }]],
  ['$group _id:null', [{ $group: { _id: null, total: { $sum: '$votes' }, avg: { $avg: '$rating' } } }], [{ _id: null, total: 160, avg: 6.5 }]],
  ['$group $min/$max/$first/$last/$addToSet', [{ $sort: { tmdbId: 1 } }, { $group: { _id: '$directorId', min: { $min: '$rating' }, max: { $max: '$rating' }, first: { $first: '$title' }, last: { $last: '$title' }, set: { $addToSet: '$directorId' } } }, { $sort: { _id: 1 } }],
    [{ _id: 10, min: 6, max: 8, first: 'Alpha', last: 'Beta', set: [10] }, { _id: 11, min: 7, max: 7, first: 'Gamma', last: 'Gamma', set: [11] }, { _id: 12, min: 5, max: 5, first: 'Delta', last: 'Delta', set: [12] }]],
  ['$sort + $skip + $limit', [{ $sort: { rating: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { ...noId, title: 1 } }], [{ title: 'Gamma' }, { title: 'Beta' }]],
  ['$addFields $multiply', [{ $match: { tmdbId: 1 } }, { $addFields: { score: { $multiply: ['$rating', '$votes'] } } }, { $project: { ...noId, score: 1 } }], [{ score: 800 }]],
  ['$project exclusion', [{ $match: { tmdbId: 2 } }, { $project: { _id: 0, genres: 0, releaseDate: 0, title: 0, rating: 0, votes: 0, directorId: 0 } }], [{ tmdbId: 2 }]],
  ['$set stage', [{ $match: { tmdbId: 2 } }, { $set: { x: 1 } }, { $project: { ...noId, x: 1 } }], [{ x: 1 }]],
  ['$unset stage', [{ $match: { tmdbId: 2 } }, { $unset: ['genres', 'releaseDate', 'title', 'rating', 'votes', 'directorId', '_id'] }], [{ tmdbId: 2 }]],
  ['$group compound _id + $sum of $cond', [{ $group: { _id: { d: '$directorId', y: { $year: '$releaseDate' } }, good: { $sum: { $cond: [{ $gte: ['$rating', 7] }, 1, 0] } } } }, { $match: { '_id.d': 10 } }], [{ _id: { d: 10, y: 2001 }, good: 1 }]],
  ['$switch', [{ $match: { tmdbId: 4 } }, { $project: { ...noId, s: { $switch: { branches: [{ case: { $gte: ['$rating', 7] }, then: 'hi' }], default: 'lo' } } } }], [{ s: 'lo' }]],
  ['$trunc(1 arg)/$floor/$ceil/$abs', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, t: { $trunc: { $divide: ['$rating', 3] } }, f: { $floor: 2.5 }, c: { $ceil: 2.5 }, a: { $abs: -1 } } }], [{ t: 2, f: 2, c: 3, a: 1 }]],
  ['$trunc with places', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, t: { $trunc: [{ $divide: ['$rating', 3] }, 1] } } }], [{ t: 2.6 }]],
  ['$arrayElemAt/$reduce/$substrCP', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, e: { $arrayElemAt: ['$genres', -1] }, r: { $reduce: { input: '$genres', initialValue: '', in: { $concat: ['$$value', { $substrCP: ['$$this', 0, 1] }] } } } } }], [{ e: 'Romance', r: 'CDR' }]],
  ['$first as array expression', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, f: { $first: '$genres' } } }], [{ f: 'Comedy' }]],
  ['$split/$strLenCP/$toUpper', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, p: { $split: ['a,b', ','] }, l: { $strLenCP: '$title' } } }], [{ p: ['a', 'b'], l: 5 }]],
  ['$dayOfWeek/$dayOfYear/$hour', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, dw: { $dayOfWeek: '$releaseDate' }, dy: { $dayOfYear: '$releaseDate' }, h: { $hour: '$releaseDate' } } }], [{ dw: 7, dy: 15, h: 0 }]],
  ['$isoWeek / $week', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, iw: { $isoWeek: '$releaseDate' }, w: { $week: '$releaseDate' } } }], [{ iw: 2, w: 2 }]],
  ['$toDate', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, a: { $toDate: '2020-01-02T00:00:00Z' } } }], [{ a: '2020-01-02T00:00:00.000Z' }]],
  ['$dateFromString', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, b: { $dateFromString: { dateString: '2020-01-02' } } } }], [{ b: '2020-01-02T00:00:00.000Z' }]],
  ['$dateTrunc', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, m: { $dateTrunc: { date: '$releaseDate', unit: 'month' } } } }], [{ m: '2005-01-01T00:00:00.000Z' }]],
  ['$objectToArray/$arrayToObject', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, o: { $arrayToObject: { $objectToArray: { a: 1 } } } } }], [{ o: { a: 1 } }]],
  ['$match $or/$and/$nin/$not', [{ $match: { $or: [{ rating: { $gt: 7 } }, { $and: [{ votes: { $nin: [50] } }, { title: { $not: /^A/ } }] }] } }, { $count: 'n' }], [{ n: 3 }]],
  ['$stdDevPop', [{ $group: { _id: null, s: { $stdDevPop: '$rating' } } }, { $project: noId }], [{ s: Math.sqrt(1.25) }]],
  ['$sample', [{ $sample: { size: 2 } }, { $count: 'n' }], [{ n: 2 }]],
  ['$unwind + $group count', [{ $unwind: '$genres' }, { $group: { _id: '$genres', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }],
    [{ _id: 'Drama', n: 3 }, { _id: 'Action', n: 1 }, { _id: 'Comedy', n: 1 }, { _id: 'Romance', n: 1 }]],
  ['$unwind preserveNullAndEmptyArrays', [{ $unwind: { path: '$genres', preserveNullAndEmptyArrays: true } }, { $count: 'n' }], [{ n: 7 }]],
  ['$slice', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, top: { $slice: ['$genres', 2] } } }], [{ top: ['Comedy', 'Drama'] }]],
  ['$size', [{ $project: { ...noId, n: { $size: '$genres' } } }, { $sort: { n: 1 } }], [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]],
  ['$cond (array + object form)', [{ $sort: { tmdbId: 1 } }, { $project: { ...noId, a: { $cond: [{ $gte: ['$rating', 7] }, 'hi', 'lo'] }, b: { $cond: { if: { $eq: ['$votes', 0] }, then: 'none', else: 'some' } } } }],
    [{ a: 'hi', b: 'some' }, { a: 'lo', b: 'some' }, { a: 'hi', b: 'some' }, { a: 'lo', b: 'none' }]],
  ['$ifNull (null and missing)', [{ $sort: { tmdbId: 1 } }, { $project: { ...noId, b: { $ifNull: ['$budget', 0] } } }], [{ b: 0 }, { b: 0 }, { b: 1000 }, { b: 0 }]],
  ['$facet + $count', [{ $facet: { total: [{ $count: 'n' }], top: [{ $sort: { rating: -1 } }, { $limit: 1 }, { $project: { ...noId, title: 1 } }] } }],
    [{ total: [{ n: 4 }], top: [{ title: 'Alpha' }] }]],
  ['$lookup localField/foreignField', [{ $sort: { tmdbId: 1 } }, { $lookup: { from: 'directors', localField: 'directorId', foreignField: '_id', as: 'd' } }, { $project: { ...noId, names: '$d.name' } }],
    [{ names: ['Xena'] }, { names: ['Xena'] }, { names: ['Yuri'] }, { names: [] }]],
  ['$lookup let/pipeline', [{ $match: { tmdbId: 3 } }, { $lookup: { from: 'directors', let: { id: '$directorId' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$id'] } } }], as: 'd' } }, { $project: { ...noId, n: { $size: '$d' } } }], [{ n: 1 }]],
  ['$month/$dayOfMonth', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, m: { $month: '$releaseDate' }, day: { $dayOfMonth: '$releaseDate' } } }], [{ m: 1, day: 15 }]],
  ['$dateToString', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, s: { $dateToString: { format: '%Y-%m', date: '$releaseDate' } } } }], [{ s: '2005-01' }]],
  ['$divide/$subtract/$add/$mod', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, d: { $divide: ['$rating', 4] }, s: { $subtract: ['$votes', 1] }, a: { $add: ['$votes', 1] }, m: { $mod: ['$votes', 7] } } }], [{ d: 2, s: 99, a: 101, m: 2 }]],
  ['$round', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, r: { $round: [{ $divide: ['$rating', 3] }, 2] } } }], [{ r: 2.67 }]],
  ['$mergeObjects/$concatArrays/$literal', [{ $match: { tmdbId: 2 } }, { $project: { ...noId, o: { $mergeObjects: [{ a: 1 }, { b: '$title' }] }, c: { $concatArrays: ['$genres', ['X']] }, l: { $literal: '$x' } } }], [{ o: { a: 1, b: 'Beta' }, c: ['Drama', 'X'], l: '$x' }]],
  ['$count accumulator ($group)', [{ $group: { _id: null, n: { $count: {} } } }], [{ _id: null, n: 4 }]],
  ['$lookup + $unwind', [{ $lookup: { from: 'directors', localField: 'directorId', foreignField: '_id', as: 'd' } }, { $unwind: '$d' }, { $group: { _id: '$d.name', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], [{ _id: 'Xena', n: 2 }, { _id: 'Yuri', n: 1 }]],
  ['$concat/$toLower/$toString', [{ $match: { tmdbId: 1 } }, { $project: { ...noId, s: { $concat: [{ $toLower: '$title' }, '-', { $toString: '$tmdbId' }] } } }], [{ s: 'alpha-1' }]],
  ['$filter/$map/$in', [{ $match: { tmdbId: 3 } }, { $project: { ...noId, f: { $filter: { input: '$genres', as: 'g', cond: { $ne: ['$$g', 'Drama'] } } }, m: { $map: { input: '$genres', as: 'g', in: { $toUpper: '$$g' } } }, has: { $in: ['Drama', '$genres'] } } }],
    [{ f: ['Comedy', 'Romance'], m: ['COMEDY', 'DRAMA', 'ROMANCE'], has: true }]],
  ['$match $expr', [{ $match: { $expr: { $gt: ['$votes', '$rating'] } } }, { $count: 'n' }], [{ n: 3 }]],
  ['$sortByCount', [{ $unwind: '$genres' }, { $sortByCount: '$genres' }, { $limit: 1 }], [{ _id: 'Drama', count: 3 }]],
  ['$bucket', [{ $bucket: { groupBy: '$rating', boundaries: [0, 6, 10], default: 'other', output: { n: { $sum: 1 } } } }], [{ _id: 0, n: 1 }, { _id: 6, n: 3 }]],
  ['$replaceRoot', [{ $match: { tmdbId: 1 } }, { $replaceRoot: { newRoot: { t: '$title' } } }], [{ t: 'Alpha' }]],
  ['$setWindowFields', [{ $setWindowFields: { sortBy: { rating: 1 }, output: { rank: { $rank: {} } } } }, { $project: { ...noId, rank: 1 } }, { $limit: 1 }], [{ rank: 1 }]],
];

export async function mongoSmoke({ uri = 'mongodb://127.0.0.1:27017', bench = false } = {}) {
  const dbName = `services_smoke_${randomUUID().slice(0, 8)}`;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  const results = [];
  const check = async (name, fn, expected) => {
    const t0 = Date.now();
    try {
      const actual = await fn();
      if (expected !== undefined) deepStrictEqual(plain(actual), plain(expected));
      results.push({ check: name, ok: true, ms: Date.now() - t0, ...(typeof actual === 'string' && expected === undefined ? { detail: actual } : {}) });
    } catch (err) {
      const msg = err.code === 'ERR_ASSERTION' ? `wrong result: ${JSON.stringify(plain(err.actual))}` : `${err.name}: ${err.message}`;
      results.push({ check: name, ok: false, ms: Date.now() - t0, error: msg.slice(0, 300) });
    }
  };
  try {
    await client.connect();
    const db = client.db(dbName);
    const movies = db.collection('movies');
    await check('ping', () => db.command({ ping: 1 }), { ok: 1 });
    await check('insertMany', async () => (await movies.insertMany(MOVIES.map((m) => ({ ...m })))).insertedCount, 4);
    await db
      .collection('directors')
      .insertMany(DIRECTORS)
      .catch(() => {});
    await check(
      'createIndex unique + duplicate rejected (E11000)',
      async () => {
        await movies.createIndex({ tmdbId: 1 }, { unique: true });
        const err = await movies.insertOne({ tmdbId: 1 }).then(
          () => null,
          (e) => e,
        );
        return err?.code;
      },
      11000,
    );
    await check(
      'compound unique index',
      async () => {
        const c = db.collection('pairs');
        await c.createIndex({ a: 1, b: 1 }, { unique: true });
        await c.insertMany([
          { a: 1, b: 1 },
          { a: 1, b: 2 },
        ]);
        return (
          await c.insertOne({ a: 1, b: 2 }).then(
            () => null,
            (e) => e,
          )
        )?.code;
      },
      11000,
    );
    await check(
      'transaction (session)',
      async () => {
        const session = client.startSession();
        try {
          await session.withTransaction(() => db.collection('tx').insertOne({ x: 1 }, { session }));
        } finally {
          await session.endSession();
        }
        return db.collection('tx').countDocuments();
      },
      1,
    );
    await check('listIndexes', async () => (await movies.listIndexes().toArray()).map((i) => i.name).sort(), ['_id_', 'tmdbId_1']);
    await check(
      'bulkWrite unordered upserts',
      async () => {
        const ops = [1, 5, 6].map((tmdbId) => ({
          updateOne: { filter: { tmdbId }, update: { $set: { seen: true }, $setOnInsert: { title: `T${tmdbId}` } }, upsert: true },
        }));
        const r = await movies.bulkWrite(ops, { ordered: false });
        await movies.deleteMany({ tmdbId: { $in: [5, 6] } });
        await movies.updateOne({ tmdbId: 1 }, { $unset: { seen: '' } });
        return [r.matchedCount, r.upsertedCount, r.modifiedCount];
      },
      [1, 2, 1],
    );
    await check(
      'find filter/sort/skip/limit/projection',
      () => movies.find({ genres: 'Drama' }, { projection: noId }).sort({ rating: 1 }).skip(1).limit(1).project({ _id: 0, title: 1 }).toArray(),
      [{ title: 'Gamma' }],
    );
    await check(
      'find $elemMatch/$exists/$regex/$in',
      () =>
        movies
          .find({ genres: { $elemMatch: { $eq: 'Comedy' } }, budget: { $exists: true }, title: { $regex: '^gam', $options: 'i' }, tmdbId: { $in: [3, 4] } })
          .project({ _id: 0, tmdbId: 1 })
          .toArray(),
      [{ tmdbId: 3 }],
    );
    for (const [name, pipeline, expected] of PIPELINES) await check(`aggregate ${name}`, () => movies.aggregate(pipeline).toArray(), expected);
    await check(
      'aggregate $merge',
      async () => {
        await movies.aggregate([{ $group: { _id: '$directorId', n: { $sum: 1 } } }, { $merge: { into: 'rollup', whenMatched: 'replace' } }]).toArray();
        return db.collection('rollup').find().sort({ _id: 1 }).toArray();
      },
      [
        { _id: 10, n: 2 },
        { _id: 11, n: 1 },
        { _id: 12, n: 1 },
      ],
    );
    await check(
      'aggregate $out',
      async () => {
        await movies.aggregate([{ $match: { tmdbId: 4 } }, { $project: { title: 1 } }, { $out: 'out' }]).toArray();
        return db.collection('out').countDocuments();
      },
      1,
    );
    await check('countDocuments (filter / empty)', async () => [await movies.countDocuments({ rating: { $gt: 5 } }), await movies.countDocuments()], [3, 4]);
    await check('estimatedDocumentCount', () => movies.estimatedDocumentCount(), 4);
    await check('distinct (array field)', async () => (await movies.distinct('genres')).sort(), ['Action', 'Comedy', 'Drama', 'Romance']);
    await check(
      'updateOne $inc/$push/$addToSet + upsert',
      async () => {
        await movies.updateOne({ tmdbId: 2 }, { $inc: { votes: 1 }, $push: { tags: 'x' }, $addToSet: { genres: 'Drama' } });
        const up = await movies.updateOne({ tmdbId: 99 }, { $set: { title: 'Z' } }, { upsert: true });
        const m = await movies.findOne({ tmdbId: 2 }, { projection: { _id: 0, votes: 1, tags: 1, genres: 1 } });
        await movies.deleteOne({ tmdbId: 99 });
        return [m, up.upsertedCount];
      },
      [{ genres: ['Drama'], votes: 51, tags: ['x'] }, 1],
    );
    await check(
      'findOneAndUpdate returnDocument after',
      async () => (await movies.findOneAndUpdate({ tmdbId: 4 }, { $set: { votes: 3 } }, { returnDocument: 'after', projection: noId }))?.votes,
      3,
    );
    await check(
      'text index + $text',
      async () => {
        await movies.createIndex({ title: 'text' });
        return movies
          .find({ $text: { $search: 'gamma' } })
          .project({ _id: 0, tmdbId: 1 })
          .toArray();
      },
      [{ tmdbId: 3 }],
    );
    await check('TTL index creation', () => db.collection('ttl').createIndex({ at: 1 }, { expireAfterSeconds: 60 }), 'at_1');
    await check('mongoose connect + updateOne upsert + bulkWrite + aggregate', () => mongooseCheck(uri, dbName));
    if (bench) await check('bench: 1,000 upserts of ~1.4 KB, unordered bulkWrite (x2)', () => benchUpserts(db));
    await check('dropDatabase', () => db.dropDatabase(), true);
  } finally {
    await client.close().catch(() => {});
  }
  return { ok: results.every((r) => r.ok), uri, results };
}

async function mongooseCheck(uri, dbName) {
  const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000, autoIndex: true }).asPromise();
  try {
    const schema = new mongoose.Schema({ tmdbId: { type: Number, unique: true }, title: String, popularity: Number }, { timestamps: true });
    const Film = conn.model('Film', schema, 'films');
    await Film.init();
    await Film.updateOne({ tmdbId: 1 }, { $set: { title: 'One', popularity: 1 } }, { upsert: true });
    await Film.updateOne({ tmdbId: 1 }, { $set: { popularity: 2 } }, { upsert: true });
    const bw = await Film.bulkWrite(
      [2, 3].map((tmdbId) => ({ updateOne: { filter: { tmdbId }, update: { $set: { title: `F${tmdbId}`, popularity: tmdbId } }, upsert: true } })),
      { ordered: false },
    );
    const docs = await Film.find().sort({ tmdbId: 1 }).lean();
    const agg = await Film.aggregate([{ $group: { _id: null, p: { $sum: '$popularity' } } }]);
    deepStrictEqual(
      [docs.map((x) => [x.tmdbId, x.popularity]), bw.upsertedCount, agg[0].p, Boolean(docs[0].createdAt)],
      [
        [
          [1, 2],
          [2, 2],
          [3, 3],
        ],
        2,
        7,
        true,
      ],
    );
  } finally {
    await conn.close();
  }
}

async function benchUpserts(db) {
  const col = db.collection('bench');
  await col.createIndex({ tmdbId: 1 }, { unique: true });
  const pad = 'x'.repeat(1200);
  const ops = (round) =>
    Array.from({ length: 1000 }, (_, i) => ({
      updateOne: {
        filter: { tmdbId: i },
        update: { $set: { title: `Movie ${i}`, overview: pad, round, genres: ['Drama', 'Action'], releaseDate: new Date(), popularity: i / 7 } },
        upsert: true,
      },
    }));
  const times = [];
  for (const round of [1, 2]) {
    const t0 = Date.now();
    await col.bulkWrite(ops(round), { ordered: false });
    times.push(Date.now() - t0);
  }
  const t0 = Date.now();
  const all = await col.find().toArray();
  return `insert-upserts ${times[0]} ms, update-upserts ${times[1]} ms, find all ${Date.now() - t0} ms (${all.length} docs)`;
}

export function formatMongoSmoke(r) {
  const lines = r.results.map((x) => `  ${x.ok ? 'ok  ' : 'FAIL'} ${x.check.padEnd(58)} ${String(x.ms).padStart(5)} ms  ${x.error ?? x.detail ?? ''}`);
  const failed = r.results.filter((x) => !x.ok).length;
  return [`MongoDB compatibility against ${r.uri}: ${r.results.length - failed} ok, ${failed} failing`, ...lines].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--uri');
  const r = await mongoSmoke({ uri: i >= 0 ? args[i + 1] : 'mongodb://127.0.0.1:27017', bench: args.includes('--bench') });
  console.log(args.includes('--json') ? JSON.stringify(r, null, 2) : formatMongoSmoke(r));
  process.exit(r.ok ? 0 : 1);
}
