/**
 * PostgreSQL sink (`pg`): one pool of `poolSize` connections per consumer, one autocommitted
 * statement per message. `insert` counts SQLSTATE 23505 (unique violation) as a duplicate;
 * `upsert` uses ON CONFLICT … DO UPDATE and tells a new row from an update by `xmax = 0`.
 */
import type pg from 'pg';
import { lazyRequire } from '../lazy-require.js';

/** `pg`, loaded when the first writer or admin connects. */
const pgModule = lazyRequire<typeof pg>('pg');
import type { SinkAdmin, SinkRow, SinkWriteOutcome, SinkWriter } from './types.js';

const UNIQUE_VIOLATION = '23505';

function quoted(table: string): string {
  return `"${table.replace(/"/g, '""')}"`;
}

function values(row: SinkRow): Array<string | number | null> {
  return [row.runId, row.msgId, row.key, row.producerId, row.seq, row.partition, Math.round(row.sentUs)];
}

const COLUMNS = '(run_id, msg_id, msg_key, producer_id, seq, partition_no, sent_us) VALUES ($1, $2, $3, $4, $5, $6, $7)';

/** A consumer's PostgreSQL writer. */
export class PostgresWriter implements SinkWriter {
  private readonly pool: pg.Pool;
  private readonly sql: string;

  /** @param onIdleError receives errors of idle pooled connections (e.g. the server went away). */
  constructor(url: string, table: string, private readonly mode: 'insert' | 'upsert', poolSize: number, onIdleError: (err: Error) => void) {
    this.pool = new (pgModule().Pool)({ connectionString: url, max: poolSize });
    this.pool.on('error', onIdleError);
    const t = quoted(table);
    this.sql =
      mode === 'upsert'
        ? `INSERT INTO ${t} AS t ${COLUMNS} ON CONFLICT (run_id, msg_id) DO UPDATE SET deliveries = t.deliveries + 1, stored_at = now() RETURNING (xmax = 0) AS inserted`
        : `INSERT INTO ${t} ${COLUMNS}`;
  }

  /** Opens one connection now, so a bad URL fails at start rather than on the first message. */
  async check(): Promise<void> {
    const client = await this.pool.connect();
    client.release();
  }

  async write(row: SinkRow): Promise<SinkWriteOutcome> {
    try {
      const res = await this.pool.query<{ inserted?: boolean }>(this.sql, values(row));
      if (this.mode === 'insert') return 'inserted';
      return res.rows[0]?.inserted ? 'inserted' : 'updated';
    } catch (err) {
      if (this.mode === 'insert' && (err as { code?: string }).code === UNIQUE_VIOLATION) return 'duplicate';
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Table management for PostgreSQL. */
export class PostgresAdmin implements SinkAdmin {
  private readonly client: pg.Client;
  private connected: Promise<void> | null = null;

  constructor(url: string, private readonly table: string) {
    this.client = new (pgModule().Client)({ connectionString: url });
  }

  private async ready(): Promise<pg.Client> {
    this.connected ??= this.client.connect().then(() => undefined);
    await this.connected;
    return this.client;
  }

  async ensureTable(): Promise<void> {
    const c = await this.ready();
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${quoted(this.table)} (
        run_id VARCHAR(64) NOT NULL,
        msg_id VARCHAR(64) NOT NULL,
        msg_key VARCHAR(255),
        producer_id VARCHAR(32) NOT NULL,
        seq BIGINT NOT NULL,
        partition_no INTEGER NOT NULL,
        sent_us BIGINT NOT NULL,
        deliveries INTEGER NOT NULL DEFAULT 1,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, msg_id)
      )`,
    );
  }

  async countRows(runId: string): Promise<number> {
    const c = await this.ready();
    const res = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoted(this.table)} WHERE run_id = $1`, [runId]);
    return Number(res.rows[0]?.n ?? 0);
  }

  async dropTable(): Promise<void> {
    const c = await this.ready();
    await c.query(`DROP TABLE IF EXISTS ${quoted(this.table)}`);
  }

  async close(): Promise<void> {
    if (this.connected) await this.client.end();
  }
}
