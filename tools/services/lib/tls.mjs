// Certificates for the local broker's TLS listener, made on this machine with openssl and keytool
// when they are missing: a CA, the broker's PKCS12 keystore and truststore, a client certificate and
// key in PEM signed by that CA (mutual TLS), and a second, unrelated CA (for the wrong-CA tests).
// Nothing here is committed or downloaded; the files live under .local/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isAlive } from './procs.mjs';

const DAYS = '3650';

/** Where each file is, for a directory of TLS material. */
export function tlsFiles(dir) {
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca.key'),
    otherCaCert: join(dir, 'other-ca.pem'),
    otherCaKey: join(dir, 'other-ca.key'),
    brokerKeystore: join(dir, 'broker.keystore.p12'),
    brokerTruststore: join(dir, 'broker.truststore.p12'),
    storePassword: join(dir, 'store-password'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    scramPassword: join(dir, 'scram-password'),
  };
}

/** Every file the listener and a client need (the CA keys are kept only to issue more certificates). */
const required = (f) => [f.caCert, f.otherCaCert, f.brokerKeystore, f.brokerTruststore, f.storePassword, f.clientCert, f.clientKey, f.scramPassword];

export function tlsReady(dir) {
  return required(tlsFiles(dir)).every((p) => existsSync(p));
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${what}: \`${cmd}\` is required to make the local broker's TLS certificates (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} exit ${r.status}):\n${(r.stderr || r.stdout).trim()}`);
}

function selfSignedCa(cert, key, name) {
  run(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', DAYS, '-keyout', key, '-out', cert, '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ], // prettier-ignore
    `${name}`,
  );
}

const subjectAltNames = (hosts) => hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');

/** A key (PKCS#8 PEM, unencrypted) and a certificate for it signed by the CA. */
function issue({ dir, ca, caKey, cert, key, name, extensions }) {
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `${extensions.join('\n')}\n`);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], `${name} key`);
  run(
    'openssl',
    ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', DAYS, '-sha256', '-extfile', ext, '-out', cert],
    `${name} certificate`,
  );
  rmSync(csr, { force: true });
  rmSync(ext, { force: true });
}

/**
 * Makes the TLS material in `dir` unless it is all there already; returns the file paths and
 * whether they were made now. `hosts` are the IPs and names the broker's certificate is valid for.
 */
export function ensureKafkaTls(dir, { hosts = ['127.0.0.1', 'localhost'], log = () => {} } = {}) {
  const f = tlsFiles(dir);
  if (tlsReady(dir)) return { ...f, created: false };
  // Kafka's and PostgreSQL's starts both need the CA, under different start locks: one makes it at a time.
  return withDirLock(dir, () => (tlsReady(dir) ? { ...f, created: false } : makeKafkaTls(dir, f, { hosts, log })));
}

/** Runs `fn` holding `<dir>.lock` (O_EXCL); a lock whose holder died, or older than a minute, is taken over. */
function withDirLock(dir, fn) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder;
      try {
        holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      } catch {
        continue; // released meanwhile
      }
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 60_000 || (holder && !isAlive(holder)) || (!holder && age > 5000)) rmSync(lock, { force: true });
      else Atomics.wait(pause, 0, 0, 100); // a synchronous sleep: the callers are synchronous
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function makeKafkaTls(dir, f, { hosts, log }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(f.storePassword, `${password}\n`, { mode: 0o600 });
  // The SCRAM user's password (SASL_SSL listener); services.mjs gives it to the broker.
  writeFileSync(f.scramPassword, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });

  selfSignedCa(f.caCert, f.caKey, 'movie-analytics local Kafka CA');
  selfSignedCa(f.otherCaCert, f.otherCaKey, 'unrelated CA (not trusted by the local Kafka)');

  const san = subjectAltNames(hosts);
  const brokerCert = join(dir, 'broker.pem');
  const brokerKey = join(dir, 'broker.key');
  issue({
    dir, ca: f.caCert, caKey: f.caKey, cert: brokerCert, key: brokerKey, name: 'movie-analytics-kafka',
    extensions: [`subjectAltName=${san}`, 'basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth'],
  }); // prettier-ignore
  issue({
    dir, ca: f.caCert, caKey: f.caKey, cert: f.clientCert, key: f.clientKey, name: 'movie-analytics-client',
    extensions: ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth'],
  }); // prettier-ignore

  // The broker's key and certificate chain as a PKCS12 keystore; the CA as a PKCS12 truststore (keytool
  // marks it as a trusted entry, which Java needs and `openssl pkcs12` alone does not write).
  const chain = join(dir, 'broker-chain.pem');
  writeFileSync(chain, readFileSync(brokerCert, 'utf8') + readFileSync(f.caCert, 'utf8'));
  run(
    'openssl',
    ['pkcs12', '-export', '-in', chain, '-inkey', brokerKey, '-name', 'broker', '-out', f.brokerKeystore, '-passout', `pass:${password}`],
    'broker keystore',
  );
  run(
    'keytool',
    ['-importcert', '-noprompt', '-alias', 'ca', '-file', f.caCert, '-keystore', f.brokerTruststore, '-storetype', 'PKCS12', '-storepass', password],
    'broker truststore',
  );
  for (const p of [chain, brokerKey, join(dir, 'ca.srl')]) rmSync(p, { force: true });
  for (const p of [f.caKey, f.otherCaKey, f.clientKey, f.brokerKeystore, f.brokerTruststore]) chmodSync(p, 0o600);
  log(`kafka: made TLS certificates in ${dir} (CA ca.pem, client client.pem + client.key, unrelated CA other-ca.pem)`);
  return { ...f, created: true };
}

/**
 * A server certificate (`server.pem`, SAN `hosts`) and its key (`server.key`, mode 600) in `dir`, signed by
 * the local CA in `caDir` (made by ensureKafkaTls), so a client that trusts that one ca.pem can verify
 * every local service by name. Issued again when missing or no longer signed by the current CA.
 */
export function ensureServerCertificate(dir, { caDir, name, hosts = ['127.0.0.1', 'localhost'] }) {
  const ca = tlsFiles(caDir);
  const files = { cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
  const valid = existsSync(files.key) && spawnSync('openssl', ['verify', '-CAfile', ca.caCert, files.cert], { encoding: 'utf8' }).status === 0;
  if (valid) return { ...files, created: false };
  if (!existsSync(ca.caKey)) throw new Error(`${name}: the local CA's key ${ca.caKey} is missing; stop Kafka, rm -rf ${caDir}, and run up again for a new CA`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const san = subjectAltNames(hosts);
  issue({
    dir, ca: ca.caCert, caKey: ca.caKey, cert: files.cert, key: files.key, name,
    extensions: [`subjectAltName=${san}`, 'basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth'],
  }); // prettier-ignore
  rmSync(join(caDir, 'ca.srl'), { force: true });
  chmodSync(files.key, 0o600);
  return { ...files, created: true };
}

/** The store password written by ensureKafkaTls. */
export function storePassword(dir) {
  return readFileSync(tlsFiles(dir).storePassword, 'utf8').trim();
}

/** The SCRAM user's password written by ensureKafkaTls. */
export function scramPassword(dir) {
  return readFileSync(tlsFiles(dir).scramPassword, 'utf8').trim();
}

/**
 * A mutual-TLS handshake with the client certificate, as a Kafka client makes it. Resolves to
 * { ok, detail }; waits a moment after the handshake, since a TLS 1.3 server refuses a client
 * certificate only after the client has finished its side.
 */
export async function tlsHandshake({ host, port, ca, cert, key, timeoutMs = 3000 }) {
  const tls = await import('node:tls');
  const read = (p) => readFileSync(p, 'utf8');
  return new Promise((done) => {
    let socket;
    const finish = (result) => {
      clearTimeout(timer);
      socket?.destroy();
      done(result);
    };
    const timer = setTimeout(() => finish({ ok: false, detail: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    try {
      socket = tls.connect({ host, port, ca: read(ca), cert: read(cert), key: read(key) }, () => {
        const protocol = socket.getProtocol();
        setTimeout(() => finish({ ok: true, detail: `mutual TLS handshake ok (${protocol})` }), 300);
      });
    } catch (err) {
      return finish({ ok: false, detail: err.message });
    }
    socket.once('error', (err) => finish({ ok: false, detail: `${err.code ?? err.name}: ${err.message.trim().split('\n')[0]}` }));
  });
}
