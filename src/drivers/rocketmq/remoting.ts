/**
 * A small client of RocketMQ's remoting protocol (the TCP protocol of the name server and the
 * broker that `mqadmin` speaks), for the admin calls the gRPC protocol lacks: create and delete
 * topics and subscription groups, read and set consumer offsets. One request at a time per call,
 * a fresh connection each (admin calls are rare; a JVM `mqadmin` start costs about 6 s).
 *
 * Frame: 4-byte big-endian length of what follows, 4-byte header length whose high byte is the
 * serialize type (0 = JSON), the JSON header `{code, language, version, opaque, flag, extFields}`,
 * then the body. A response has bit 0 of `flag` set and the request's `opaque`; code 0 is success,
 * any other code is an error whose text is `remark`.
 */
import { Socket } from 'node:net';

/** Request codes used here (apache/rocketmq `RequestCode.java`, 5.5.0). */
export const RequestCode = {
  UPDATE_CONSUMER_OFFSET: 15,
  UPDATE_AND_CREATE_TOPIC: 17,
  GET_BROKER_CONFIG: 26,
  GET_BROKER_RUNTIME_INFO: 28,
  GET_MAX_OFFSET: 30,
  GET_MIN_OFFSET: 31,
  GET_ROUTEINFO_BY_TOPIC: 105,
  GET_BROKER_CLUSTER_INFO: 106,
  UPDATE_AND_CREATE_SUBSCRIPTIONGROUP: 200,
  DELETE_SUBSCRIPTIONGROUP: 207,
  GET_CONSUME_STATS: 208,
  DELETE_TOPIC_IN_BROKER: 215,
  DELETE_TOPIC_IN_NAMESRV: 216,
} as const;

/** Response codes that mean "not there" rather than failure. */
export const ResponseCode = { SUCCESS: 0, TOPIC_NOT_EXIST: 17, SUBSCRIPTION_GROUP_NOT_EXIST: 26 } as const;

/** A decoded response. */
export interface RemotingResponse {
  code: number;
  remark?: string;
  extFields: Record<string, string>;
  body: Buffer;
}

/** The broker answered with a non-success code. */
export class RemotingError extends Error {
  constructor(
    readonly code: number,
    readonly remark: string,
    readonly requestCode: number,
  ) {
    super(`RocketMQ request ${requestCode} failed with code ${code}: ${remark || '(no remark)'}`);
  }
}

let nextOpaque = 1;

/** Encodes one request frame. */
export function encodeRequest(code: number, opaque: number, extFields: Record<string, string>, body?: Buffer): Buffer {
  const header = Buffer.from(JSON.stringify({ code, language: 'OTHER', version: 500, opaque, flag: 0, extFields }), 'utf8');
  const b = body ?? Buffer.alloc(0);
  const out = Buffer.alloc(8 + header.length + b.length);
  out.writeUInt32BE(4 + header.length + b.length, 0);
  out.writeUInt32BE(header.length & 0xffffff, 4); // serialize type 0 (JSON) in the high byte
  header.copy(out, 8);
  b.copy(out, 8 + header.length);
  return out;
}

/** Decodes one frame (without its leading length) into header and body. */
export function decodeFrame(frame: Buffer): RemotingResponse & { opaque: number; flag: number } {
  const raw = frame.readUInt32BE(0);
  const type = raw >>> 24;
  const headerLength = raw & 0xffffff;
  if (type !== 0) throw new Error(`RocketMQ remoting: serialize type ${type} is not JSON`);
  const h = JSON.parse(frame.subarray(4, 4 + headerLength).toString('utf8')) as { code: number; opaque: number; flag?: number; remark?: string; extFields?: Record<string, string> };
  return { code: h.code, opaque: h.opaque, flag: h.flag ?? 0, ...(h.remark !== undefined ? { remark: h.remark } : {}), extFields: h.extFields ?? {}, body: frame.subarray(4 + headerLength) };
}

/** Where a remoting server listens. */
export interface RemotingAddress {
  host: string;
  port: number;
}

/** Parses `host:port`. */
export function remotingAddress(hostPort: string): RemotingAddress {
  const i = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(hostPort.slice(i + 1)) };
}

/**
 * Sends one request to `addr` and resolves with the response, whatever its code (see
 * {@link invokeOk} for success-only). Rejects on a connection error or when no response arrives
 * within `timeoutMs`; the socket is always destroyed.
 */
export function invoke(addr: RemotingAddress, code: number, extFields: Record<string, string>, opts: { body?: Buffer; timeoutMs?: number } = {}): Promise<RemotingResponse> {
  const opaque = nextOpaque++;
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolvePromise, reject) => {
    const socket = new Socket();
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, res?: RemotingResponse): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolvePromise(res!);
    };
    const timer = setTimeout(() => done(new Error(`RocketMQ ${addr.host}:${addr.port} did not answer request ${code} within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', (err) => done(err));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (buf.length < 4 + len) return;
        const frame = decodeFrame(buf.subarray(4, 4 + len));
        buf = buf.subarray(4 + len);
        if ((frame.flag & 1) === 1 && frame.opaque === opaque) {
          done(null, { code: frame.code, ...(frame.remark !== undefined ? { remark: frame.remark } : {}), extFields: frame.extFields, body: frame.body });
          return;
        }
      }
    });
    socket.once('close', () => done(new Error(`RocketMQ ${addr.host}:${addr.port} closed the connection before answering request ${code}`)));
    socket.connect(addr.port, addr.host, () => socket.write(encodeRequest(code, opaque, extFields, opts.body)));
  });
}

/** {@link invoke}, throwing {@link RemotingError} unless the code is success (or one of `alsoOk`). */
export async function invokeOk(addr: RemotingAddress, code: number, extFields: Record<string, string>, opts: { body?: Buffer; timeoutMs?: number; alsoOk?: readonly number[] } = {}): Promise<RemotingResponse> {
  const r = await invoke(addr, code, extFields, opts);
  if (r.code !== ResponseCode.SUCCESS && !(opts.alsoOk ?? []).includes(r.code)) throw new RemotingError(r.code, r.remark ?? '', code);
  return r;
}

/** One queue's offsets of a group, from GET_CONSUME_STATS. */
export interface QueueProgress {
  topic: string;
  queueId: number;
  /** Next offset the broker will write (max offset). */
  brokerOffset: number;
  /** The group's committed offset (-1 or 0 when it has consumed nothing). */
  consumerOffset: number;
}

/**
 * Reads the body of GET_CONSUME_STATS. The broker writes it with fastjson, whose map keys are
 * objects (`{{"brokerName":…,"queueId":0,"topic":…}:{"brokerOffset":…,…}}`), not JSON: each
 * `{key}:{value}` pair is parsed on its own.
 */
export function parseConsumeStats(body: Buffer): QueueProgress[] {
  const text = body.toString('utf8');
  const out: QueueProgress[] = [];
  const pair = /\{([^{}]*)\}:\{([^{}]*)\}/g;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    const key = JSON.parse(`{${m[1]}}`) as { topic?: string; queueId?: number };
    const value = JSON.parse(`{${m[2]}}`) as { brokerOffset?: number; consumerOffset?: number };
    if (typeof key.topic !== 'string' || typeof key.queueId !== 'number') continue;
    out.push({ topic: key.topic, queueId: key.queueId, brokerOffset: value.brokerOffset ?? 0, consumerOffset: value.consumerOffset ?? 0 });
  }
  return out;
}
