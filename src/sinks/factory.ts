/**
 * Creates sink writers and admins for a profile's `consumers.sink`, and the user-facing error
 * when the database cannot be reached.
 */
import type { SinkSpec } from '../profile/schema.js';
import { ExitCode, MqloadError } from '../errors.js';
import { redactUrl } from '../profile/redact.js';
import { PostgresAdmin, PostgresWriter } from './postgres.js';
import { MysqlAdmin, MysqlWriter } from './mysql.js';
import type { SinkAdmin, SinkWriter } from './types.js';

/** Connections per consumer when `poolSize` is not set. */
export const DEFAULT_SINK_POOL_SIZE = 1;

/** The sink database could not be reached or its table not created. Exit 4. */
export class SinkUnavailableError extends MqloadError {
  constructor(spec: SinkSpec, detail: string) {
    super(
      `${spec.type} sink at ${redactUrl(spec.url)} (table ${spec.table}): ${detail}`,
      spec.type === 'postgres'
        ? 'check consumers.sink.url (e.g. postgres://postgres@127.0.0.1:5432/test) and that PostgreSQL runs'
        : 'check consumers.sink.url (e.g. mysql://root@127.0.0.1:3306/test) and that MySQL/MariaDB runs',
      ExitCode.Environment,
    );
  }
}


/** A writer with a connection check. */
export interface CheckedWriter extends SinkWriter {
  /** Opens one connection (fails fast on a bad URL or a database that is down). */
  check(): Promise<void>;
}

/** One consumer's writer; `onIdleError` receives errors of idle connections. */
export function createSinkWriter(spec: SinkSpec, onIdleError: (err: Error) => void): CheckedWriter {
  const size = spec.poolSize ?? DEFAULT_SINK_POOL_SIZE;
  return spec.type === 'postgres' ? new PostgresWriter(spec.url, spec.table, spec.mode, size, onIdleError) : new MysqlWriter(spec.url, spec.table, spec.mode, size);
}

/** The coordinator's table admin. */
export function createSinkAdmin(spec: SinkSpec): SinkAdmin {
  return spec.type === 'postgres' ? new PostgresAdmin(spec.url, spec.table) : new MysqlAdmin(spec.url, spec.table);
}
