// Fresh state per variant, and cleaning it away afterwards: database, topics, consumer group.
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { BROKERS, MONGO_BASE } from './app-process.mjs';

let mongo;
let admin;

export async function mongoClient() {
  mongo ??= await MongoClient.connect(MONGO_BASE, { serverSelectionTimeoutMS: 10_000 });
  return mongo;
}

export async function kafkaAdmin() {
  if (!admin) {
    admin = new Kafka({ clientId: 'bench-admin', brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }
  return admin;
}

export async function dropState(names) {
  const client = await mongoClient();
  await client
    .db(names.db)
    .dropDatabase()
    .catch(() => undefined);
  const a = await kafkaAdmin();
  const existing = new Set(await a.listTopics().catch(() => []));
  const topics = [names.movies, names.deadLetter, names.changelog].filter((t) => existing.has(t));
  if (topics.length) await a.deleteTopics({ topics, timeout: 30_000 }).catch(() => undefined);
  if (names.group) await a.deleteGroups([names.group]).catch(() => undefined);
}

export async function closeClients() {
  await mongo?.close().catch(() => undefined);
  await admin?.disconnect().catch(() => undefined);
  mongo = undefined;
  admin = undefined;
}
