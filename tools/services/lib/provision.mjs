// Resolves the Kafka jars and builds the Mongo launcher with Maven, once per machine: results go
// to the per-user cache, keyed by version (and by a hash of our launcher sources).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KAFKA_VERSION, MONGO_SERVER_VERSION, TOOLS_DIR, cacheRoot, paths } from './config.mjs';
import { tail } from './procs.mjs';

const KAFKA_POM = join(TOOLS_DIR, 'kafka', 'pom.xml');
const MONGO_PROJECT = join(TOOLS_DIR, 'mongo');

export function checkJava() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error) throw new Error('Java 17+ is required to run the local Kafka and MongoDB (`java` was not found on PATH).');
  if (r.status !== 0) throw new Error(`\`java -version\` failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim()}`);
  const m = (r.stderr || r.stdout).match(/version "(\d+)/);
  if (m && Number(m[1]) < 17) throw new Error(`Java 17+ is required, found Java ${m[1]}.`);
}

function hashFiles(files) {
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(relative(TOOLS_DIR, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 12);
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

export function kafkaRuntime() {
  const dir = join(cacheRoot(), `kafka-${KAFKA_VERSION}`);
  return { dir, libs: join(dir, 'libs'), stamp: join(dir, 'complete'), key: hashFiles([KAFKA_POM]) };
}

export function mongoRuntime() {
  const key = hashFiles([join(MONGO_PROJECT, 'pom.xml'), ...listFiles(join(MONGO_PROJECT, 'src'))]);
  const dir = join(cacheRoot(), `mongo-server-${MONGO_SERVER_VERSION}-${key}`);
  return { dir, libs: join(dir, 'libs'), stamp: join(dir, 'complete'), key };
}

const isReady = (rt) => existsSync(rt.stamp) && readFileSync(rt.stamp, 'utf8').trim() === rt.key;

/** Runs Maven with output in a log file, printing a heartbeat so CI logs show progress. */
function runMaven(args, { logFile, log, what }) {
  const r = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`Maven is required the first time (to ${what}); \`mvn\` was not found on PATH.`);
  mkdirSync(paths.logs, { recursive: true });
  const fd = openSync(logFile, 'w');
  const started = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn('mvn', ['-B', '-ntp', ...args], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const beat = setInterval(() => log(`  ... still working (${Math.round((Date.now() - started) / 1000)} s, see ${logFile})`), 20_000);
    child.once('error', (err) => {
      clearInterval(beat);
      reject(err);
    });
    child.once('exit', (code) => {
      clearInterval(beat);
      if (code === 0) return resolveRun(Date.now() - started);
      reject(new Error(`Maven failed (exit ${code}) while trying to ${what}. Last lines of ${logFile}:\n${tail(logFile, 30)}`));
    });
  });
}

/** Copies into a temp folder and renames, so an interrupted run never leaves a half cache. */
async function provision(rt, { name, log, what, mavenArgs, finish = () => {} }) {
  if (isReady(rt)) return { cached: true, dir: rt.dir };
  const tmp = `${rt.dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`${what}: not in ${rt.dir} yet; running Maven (first run on this machine may take a few minutes)`);
  try {
    const ms = await runMaven(mavenArgs(tmp), { logFile: join(paths.logs, `maven-${name}.log`), log, what });
    finish(tmp);
    writeFileSync(join(tmp, 'complete'), `${rt.key}\n`);
    rmSync(rt.dir, { recursive: true, force: true });
    renameSync(tmp, rt.dir);
    log(`${what}: done in ${(ms / 1000).toFixed(1)} s`);
    return { cached: false, dir: rt.dir };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export function provisionKafka({ log }) {
  checkJava();
  const rt = kafkaRuntime();
  return provision(rt, {
    name: 'kafka',
    log,
    what: `Kafka ${KAFKA_VERSION} jars`,
    mavenArgs: (tmp) => ['-f', KAFKA_POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(tmp, 'libs')}`],
  });
}

export function provisionMongo({ log }) {
  checkJava();
  const rt = mongoRuntime();
  return provision(rt, {
    name: 'mongo',
    log,
    what: `Mongo launcher (mongo-java-server ${MONGO_SERVER_VERSION})`,
    mavenArgs: (tmp) => [
      '-f',
      join(MONGO_PROJECT, 'pom.xml'),
      '-q',
      `-DbuildDir=${join(tmp, 'build')}`,
      'package',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(tmp, 'libs')}`,
    ],
    // The launcher jar sits next to its dependencies so one `libs/*` classpath covers it.
    finish: (tmp) => {
      copyFileSync(join(tmp, 'build', 'mongo-launcher.jar'), join(tmp, 'libs', 'mongo-launcher.jar'));
      rmSync(join(tmp, 'build'), { recursive: true, force: true });
    },
  });
}
