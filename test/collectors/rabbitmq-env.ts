/**
 * What the RabbitMQ collector tests need: the AMQP URL of the test broker
 * (`MQLOAD_TEST_RABBITMQ_URL`, default `amqp://guest:guest@127.0.0.1:5672/%2F`), whether it
 * answers, and a guard that fails with the fix when its plugins are off. CI enables them first
 * with `scripts/rabbitmq-plugins.sh` (management on 127.0.0.1:15672, Prometheus on :15692).
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export const RABBITMQ_URL = process.env['MQLOAD_TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672/%2F';
const amqp = new URL(RABBITMQ_URL);
export const RABBITMQ_HOST = amqp.hostname;
export const MANAGEMENT_BASE = `http://${amqp.hostname}:15672`;
export const PROMETHEUS_ENDPOINT = `${amqp.hostname}:15692`;
export const ADMIN_AUTH = `Basic ${Buffer.from(`${decodeURIComponent(amqp.username)}:${decodeURIComponent(amqp.password)}`).toString('base64')}`;

/** True when something accepts TCP connections on host:port within 1 s. */
export function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Skip reason when no RabbitMQ listens on the AMQP port, else false (plugins off is a failure, not a skip). */
export async function rabbitmqMissing(): Promise<string | false> {
  const port = Number(amqp.port || 5672);
  return (await listening(RABBITMQ_HOST, port)) ? false : `no RabbitMQ on ${RABBITMQ_HOST}:${port} (set MQLOAD_TEST_RABBITMQ_URL)`;
}

/** Throws with the fix when a plugin endpoint does not answer. */
export async function requirePlugins(): Promise<void> {
  for (const [name, port] of [['rabbitmq_management', 15672], ['rabbitmq_prometheus', 15692]] as const) {
    if (!(await listening(RABBITMQ_HOST, port))) throw new Error(`${name} does not listen on ${RABBITMQ_HOST}:${port}: run scripts/rabbitmq-plugins.sh (as root) first`);
  }
}

/** A name unique to this test process, for queues and users. */
export function uniqueRabbitName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** One management API call as the admin of RABBITMQ_URL; throws on a non-2xx answer. */
export async function adminApi(method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${MANAGEMENT_BASE}${path}`, {
    method,
    headers: { authorization: ADMIN_AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

/** Polls `probe` every 500 ms until it returns a value (not undefined) or `ms` pass; then throws with the last detail. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>, detail: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms} ms ${detail()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
