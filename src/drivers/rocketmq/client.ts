/**
 * Opening and closing clients of `rocketmq-client-nodejs` (the gRPC client of
 * apache/rocketmq-clients) so they leave nothing behind:
 * - Logging: by default the client writes `$HOME/logs/rocketmq/rocketmq_client_nodejs.log`
 *   through one shared stream, and the second client's `shutdown()` throws "log stream had been
 *   closed". Each client gets a logger of ours instead: warnings and errors go to the file
 *   `<logDir>/rocketmq-client.log` when the driver was given a log directory (a run's record
 *   directory), else nowhere; its `close` does nothing.
 * - Open handles: `shutdown()` ends its telemetry streams (bidirectional gRPC calls) only from
 *   the client side and closes the channels, and grpc-js keeps a channel with a call still open
 *   alive: a process that closed every client could not exit. The streams each client opens are
 *   recorded and cancelled after its shutdown, and a shutdown that throws is reported, not thrown.
 */
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** The logger shape the client accepts (its `ILogger`). */
export interface ClientLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  close(): void;
}

/** The part of a grpc-js call a telemetry stream is. */
interface CancellableStream {
  on(event: 'error', listener: (err: Error) => void): unknown;
  cancel(): void;
}

/** What a client of the library has that this file uses. */
export interface RocketmqClientLike {
  shutdown(): Promise<void>;
  createTelemetryStream(endpoints: unknown): unknown;
  /** The client's gRPC connections and their idle-check interval (created with the client, closed only at the end of a shutdown that did not throw). */
  readonly rpcClientManager?: { close(): void };
}

/** A logger that appends warnings and errors to `<dir>/rocketmq-client.log` (nothing without a directory). */
export function clientLogger(dir: string | undefined): ClientLogger {
  const file = dir && dir.length > 0 ? join(dir, 'rocketmq-client.log') : null;
  if (file) mkdirSync(dir!, { recursive: true });
  const write = (level: string, args: unknown[]) => {
    if (!file) return;
    try {
      appendFileSync(file, `${new Date().toISOString()} ${level} ${format(...(args as [unknown, ...unknown[]]))}\n`);
    } catch {
      // logging must never fail a send; the directory may have been removed with the run
    }
  };
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (...args: unknown[]) => write('WARN', args),
    error: (...args: unknown[]) => write('ERROR', args),
    close: () => undefined,
  };
}

/** Clients {@link closeClient} has closed: they open no more telemetry streams. */
const closedClients = new WeakSet<RocketmqClientLike>();

/**
 * A telemetry stream that never opens: what a closed client gets when its telemetry session
 * tries to renew (the library renews a stream 1 s after it errors or ends, for ever, and each
 * renewal opens a new gRPC channel — a timer loop that kept test processes alive after shutdown).
 */
function deadStream(): CancellableStream & EventEmitter {
  return Object.assign(new EventEmitter(), { write: () => true, end: () => undefined, cancel: () => undefined });
}

/** Records every telemetry stream `client` opens, so {@link closeClient} can cancel them; a closed client opens none. */
export function trackStreams(client: RocketmqClientLike): CancellableStream[] {
  const streams: CancellableStream[] = [];
  const open = client.createTelemetryStream.bind(client);
  client.createTelemetryStream = (endpoints: unknown) => {
    if (closedClients.has(client)) return deadStream();
    const s = open(endpoints) as CancellableStream;
    streams.push(s);
    return s;
  };
  return streams;
}

/**
 * Shuts a client down and cancels its telemetry streams; resolves with the error text when the
 * shutdown threw (the caller reports it as a client event), else null. Never rejects.
 */
export async function closeClient(client: RocketmqClientLike, streams: CancellableStream[]): Promise<string | null> {
  let problem: string | null = null;
  closedClients.add(client);
  try {
    await client.shutdown();
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  // A shutdown that throws (the broker gone, "log stream had been closed") or a client whose
  // start-up failed leaves the RPC manager's idle-check interval running, which keeps the
  // process alive: close it in any case (closing twice is harmless).
  try {
    client.rpcClientManager?.close();
  } catch {
    // already closed
  }
  for (const s of streams.splice(0)) {
    s.on('error', () => undefined); // the cancellation itself arrives as an error
    try {
      s.cancel();
    } catch {
      // already finished
    }
  }
  return problem;
}

/** Latin-1 text of a header value: every byte one character, so it reads back byte for byte. */
export const headerText = (b: Buffer): string => b.toString('latin1');
/** The bytes of a header value written by {@link headerText}. */
export const headerBytes = (s: string): Buffer => Buffer.from(s, 'latin1');
