/**
 * TLS in front of the local RabbitMQ without touching its configuration: a throwaway CA, a
 * server certificate and an encrypted client key made with the `openssl` CLI in a temporary
 * directory, and a Node `tls` server on 127.0.0.1:0 that pipes every connection to the broker's
 * plain AMQP port. `close()` ends every piped connection and stops the server; `remove()` deletes the files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

/** Paths of the generated PEM files, and the client key's passphrase. */
export interface TestPki {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  passphrase: string;
  /** The only name the server certificate is for (no IP: connecting to 127.0.0.1 needs tlsServername). */
  serverName: string;
  /** Removes the files. */
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Makes a CA, a server certificate for {@link TestPki.serverName} and a client certificate with an encrypted key. */
export function makeTestPki(passphrase: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-tls-'));
  const serverName = 'rabbitmq.mqload.test';
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=mqload test CA']);
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=DNS:${serverName}\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${serverName}`]);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['genrsa', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client.key', '2048']);
  openssl(dir, ['req', '-new', '-key', 'client.key', '-passin', `pass:${passphrase}`, '-out', 'client.csr', '-subj', '/CN=mqload test client']);
  openssl(dir, ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2', '-extfile', 'client.ext']);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'client.pem'),
    keyFile: join(dir, 'client.key'),
    passphrase,
    serverName,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TlsProxy {
  port: number;
  /** TLS connections accepted so far (handshake completed). */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A TLS server on 127.0.0.1:0 with the PKI's server certificate, demanding a client certificate
 * signed by its CA, piping each connection to `target` (the broker's plain port).
 */
export async function startTlsProxy(pki: TestPki, target: { host: string; port: number }): Promise<TlsProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = tls.createServer(
    {
      key: readFileSync(join(pki.dir, 'server.key')),
      cert: readFileSync(join(pki.dir, 'server.pem')),
      ca: readFileSync(pki.caFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (client) => {
      accepted++;
      const upstream = net.connect(target.port, target.host);
      sockets.add(client);
      sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get accepted() {
      return accepted;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
