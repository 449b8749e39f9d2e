/**
 * MySQL / MariaDB sink (`mysql2`): one pool of `poolSize` connections per consumer, one
 * autocommitted statement per message. `insert` counts ER_DUP_ENTRY (1062) as a duplicate;
 * `upsert` uses ON DUPLICATE KEY UPDATE, where 1 affected row means a new row and 2 an update.
 */
import type mysql from 'mysql2/promise';
import { lazyRequire } from '../lazy-require.js';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { SinkAdmin, SinkRow, SinkWriteOutcome, SinkWriter } from './types.js';

const ER_DUP_ENTRY = 1062;
/** `mysql2/promise`, loaded when the first writer or admin connects. */
const mysqlModule = lazyRequire<typeof mysql>('mysql2/promise');

function quoted(table: string): string {
  return `\`${table.replace(/`/g, '``')}\``;
}

const COLUMNS = '(run_id, msg_id, msg_key, producer_id, seq, partition_no, sent_us) VALUES (?, ?, ?, ?, ?, ?, ?)';

/** A consumer's MySQL writer. */
export class MysqlWriter implements SinkWriter {
  private readonly pool: mysql.Pool;
  private readonly sql: string;

  constructor(url: string, table: string, private readonly mode: 'insert' | 'upsert', poolSize: number) {
    this.pool = mysqlModule().createPool({ uri: url, connectionLimit: poolSize });
    const t = quoted(table);
    this.sql = mode === 'upsert' ? `INSERT INTO ${t} ${COLUMNS} ON DUPLICATE KEY UPDATE deliveries = deliveries + 1, stored_at = CURRENT_TIMESTAMP(6)` : `INSERT INTO ${t} ${COLUMNS}`;
  }

  /** Opens one connection now, so a bad URL fails at start rather than on the first message. */
  async check(): Promise<void> {
    const c = await this.pool.getConnection();
    c.release();
  }

  async write(row: SinkRow): Promise<SinkWriteOutcome> {
    try {
      const [res] = await this.pool.execute<ResultSetHeader>(this.sql, [row.runId, row.msgId, row.key, row.producerId, row.seq, row.partition, Math.round(row.sentUs)]);
      if (this.mode === 'insert') return 'inserted';
      return res.affectedRows === 1 ? 'inserted' : 'updated';
    } catch (err) {
      if (this.mode === 'insert' && (err as { errno?: number }).errno === ER_DUP_ENTRY) return 'duplicate';
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Table management for MySQL / MariaDB. */
export class MysqlAdmin implements SinkAdmin {
  private conn: Promise<mysql.Connection> | null = null;

  constructor(private readonly url: string, private readonly table: string) {}

  private ready(): Promise<mysql.Connection> {
    this.conn ??= mysqlModule().createConnection({ uri: this.url });
    return this.conn;
  }

  async ensureTable(): Promise<void> {
    const c = await this.ready();
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${quoted(this.table)} (
        run_id VARCHAR(64) NOT NULL,
        msg_id VARCHAR(64) NOT NULL,
        msg_key VARCHAR(255) NULL,
        producer_id VARCHAR(32) NOT NULL,
        seq BIGINT NOT NULL,
        partition_no INT NOT NULL,
        sent_us BIGINT NOT NULL,
        deliveries INT NOT NULL DEFAULT 1,
        stored_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (run_id, msg_id)
      ) ENGINE=InnoDB`,
    );
  }

  async countRows(runId: string): Promise<number> {
    const c = await this.ready();
    const [rows] = await c.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${quoted(this.table)} WHERE run_id = ?`, [runId]);
    return Number(rows[0]?.['n'] ?? 0);
  }

  async dropTable(): Promise<void> {
    const c = await this.ready();
    await c.query(`DROP TABLE IF EXISTS ${quoted(this.table)}`);
  }

  async close(): Promise<void> {
    if (this.conn) await (await this.conn).end();
  }
}
