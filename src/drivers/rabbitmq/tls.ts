/**
 * TLS for `amqps://` connections: the socket options from `driver.config` (`tlsCaFile`,
 * `tlsCertFile` + `tlsKeyFile` with `tlsKeyPassphrase` for a client certificate, `tlsServername`
 * for SNI and the certificate's host name, `tlsRejectUnauthorized`), and what a failed handshake
 * means for the user.
 *
 * The files are read and the secure context is built before connecting, so a missing file or a
 * wrong passphrase is an {@link EnvironmentError} (exit 4) naming the setting — never the key's
 * or passphrase's content — rather than a broker error. Handshake failures (an untrusted or
 * mismatched server certificate, a server that wants a client certificate, a plain-AMQP port)
 * get a hint saying which setting to change ({@link tlsFailureHint}).
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { EnvironmentError, describeError } from '../../errors.js';
import type { RabbitTuning } from './config.js';

/** The `driver.config` keys of TLS (all but tlsRejectUnauthorized need `amqps://`). */
export const TLS_FILE_KEYS = ['tlsCaFile', 'tlsCertFile', 'tlsKeyFile', 'tlsKeyPassphrase', 'tlsServername'] as const;

/** Options for `tls.connect`, as amqplib passes them on. */
export interface TlsSocketOptions {
  rejectUnauthorized: boolean;
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
  servername?: string;
}

function readSetting(key: 'tlsCaFile' | 'tlsCertFile' | 'tlsKeyFile', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    // The key file's path is marked secret in the schema; the error names the setting only.
    const shown = key === 'tlsKeyFile' ? 'the file it names' : path;
    throw new EnvironmentError(`driver.config.${key}: cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? describeError(err)}`, `give ${key} the path of a readable PEM file`);
  }
}

/** The TLS socket options of a tuning; throws {@link EnvironmentError} for unreadable files or an unusable key. */
export function tlsSocketOptions(t: RabbitTuning): TlsSocketOptions {
  const out: TlsSocketOptions = { rejectUnauthorized: t.tlsRejectUnauthorized };
  if (t.tlsCaFile !== '') out.ca = [readSetting('tlsCaFile', t.tlsCaFile)];
  if (t.tlsCertFile !== '') out.cert = readSetting('tlsCertFile', t.tlsCertFile);
  if (t.tlsKeyFile !== '') out.key = readSetting('tlsKeyFile', t.tlsKeyFile);
  if (t.tlsKeyPassphrase !== '') out.passphrase = t.tlsKeyPassphrase;
  if (t.tlsServername !== '') out.servername = t.tlsServername;
  try {
    // Fails here, not mid-handshake, on a wrong passphrase, a key that is not the certificate's, bad PEM.
    createSecureContext({ ca: out.ca, cert: out.cert, key: out.key, passphrase: out.passphrase });
  } catch (err) {
    const what = opensslReason(describeError(err)).split(t.tlsKeyPassphrase === '' ? '\u0000' : t.tlsKeyPassphrase).join('***');
    throw new EnvironmentError(
      /bad decrypt/i.test(what) && out.key ? `driver.config.tlsKeyFile cannot be decrypted with tlsKeyPassphrase (${what})` : `driver.config: the TLS files cannot be used (${what})`,
      'check that tlsCertFile and tlsKeyFile are a PEM certificate and its private key, tlsKeyPassphrase the key\'s passphrase, and tlsCaFile PEM certificates',
    );
  }
  return out;
}

/**
 * The reason of an OpenSSL error text (`8010…:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13
 * alert certificate required:../deps/…:SSL alert number 116` → `tlsv13 alert certificate
 * required`); other texts unchanged but trimmed.
 */
function opensslReason(text: string): string {
  const m = /(?:SSL|Provider) routines:(?:[^:]*:)?([^:]+?)(?::\.\.?\/|:|$)/.exec(text);
  return (m ? m[1]! : text).trim().replace(/:\s*$/, '');
}

/** Node/OpenSSL error codes of a server certificate the client does not trust. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/**
 * For an error of an `amqps://` connection attempt: a sentence on what went wrong with TLS and
 * the setting to change, or undefined when it is not a TLS problem.
 */
export function tlsFailureHint(err: unknown): { detail: string; hint: string } | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  const text = opensslReason(describeError(err));
  if (typeof code === 'string' && UNTRUSTED.has(code)) {
    return {
      detail: `TLS: the broker's certificate is not trusted (${text})`,
      hint: 'set driver.config.tlsCaFile to the PEM file of the CA that signed the broker\'s certificate (tlsRejectUnauthorized: false skips the check: for tests only)',
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return { detail: `TLS: the broker's certificate is not valid now (${text})`, hint: 'renew the broker\'s certificate, or check this machine\'s clock' };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      detail: `TLS: the broker's certificate is for another host name (${text})`,
      hint: 'connect with a host name the certificate names, or set driver.config.tlsServername to one of them',
    };
  }
  if (/certificate required|alert number 116|handshake failure|alert number 40/i.test(text)) {
    return {
      detail: `TLS: the broker refused the handshake (${text})`,
      hint: 'the broker may want a client certificate: set driver.config.tlsCertFile and tlsKeyFile (and tlsKeyPassphrase for an encrypted key)',
    };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(text)) {
    return { detail: `TLS: the port does not speak TLS (${text})`, hint: 'use amqp:// for a plain AMQP port (5672), or the broker\'s TLS port (5671 by default) with amqps://' };
  }
  return undefined;
}
