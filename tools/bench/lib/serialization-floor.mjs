// The serialization floor of one movie, measured in this run: JSON.stringify of the message,
// JSON.parse of its bytes, BSON of the document. App CPU per movie is compared with it.
import { BSON } from 'mongodb';
import { generateMovies } from '../generate.mjs';
import { appMappers } from './movie-file.mjs';

export async function serializationFloor(root, count = 5000) {
  const { toMovieMessage, toMovieWrite } = await appMappers(root);
  const observedAt = new Date();
  const messages = [...generateMovies({ count, seed: 5 })]
    .map((m) => toMovieMessage(m, 'file', observedAt))
    .filter((r) => r.ok)
    .map((r) => r.message);
  const docs = messages.map((m) => toMovieWrite(m));
  let sink = 0;
  const once = () => {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < messages.length; i++) {
      const bytes = Buffer.from(JSON.stringify(messages[i]));
      sink += JSON.parse(bytes.toString()).tmdbId;
      sink += BSON.serialize(docs[i]).length;
    }
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / messages.length;
  };
  once(); // warm the JIT
  const runs = [once(), once(), once()].sort((a, b) => a - b);
  return {
    microsPerMovie: Math.round(runs[1] * 100) / 100,
    movies: messages.length,
    bytesPerMessage: Math.round(messages.reduce((s, m) => s + JSON.stringify(m).length, 0) / messages.length),
    sink: sink > 0,
  };
}
