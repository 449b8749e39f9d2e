/**
 * The idempotent database sink: consumers write each message as one row whose unique key is
 * the message identity (`run_id`, `msg_id` = `<producerId>-<seq>`), with the message key in its
 * own column. `insert` lets a redelivered message hit the unique key (counted as a duplicate,
 * never thrown on); `upsert` absorbs it (the row's `deliveries` column goes up instead).
 */

/** One message as a row. */
export interface SinkRow {
  runId: string;
  /** `<producerId>-<seq>`: the business id, unique per run. */
  msgId: string;
  /** Message key as UTF-8 text, or null for unkeyed messages. */
  key: string | null;
  producerId: string;
  seq: number;
  partition: number;
  /** Send time, µs since the epoch. */
  sentUs: number;
}

/** What one write did: a new row, a unique-key violation (insert), or an update of the existing row (upsert). */
export type SinkWriteOutcome = 'inserted' | 'duplicate' | 'updated';

/** A consumer's connection (or small pool) to the database. */
export interface SinkWriter {
  /** Writes one row and resolves once the database committed it (autocommit). Rejects on any other error. */
  write(row: SinkRow): Promise<SinkWriteOutcome>;
  close(): Promise<void>;
}

/** Table management, used once by the coordinator. */
export interface SinkAdmin {
  /** Creates the table when it does not exist. */
  ensureTable(): Promise<void>;
  /** Rows this run left in the table. */
  countRows(runId: string): Promise<number>;
  dropTable(): Promise<void>;
  close(): Promise<void>;
}

/** Counts of one worker's sink writes (cumulative). */
export interface SinkCounters {
  /** Messages handed to the sink. */
  writes: number;
  /** Rows created. */
  inserted: number;
  /** Messages whose row existed already: unique-key violations (insert) or updates (upsert). */
  duplicates: number;
  /** Writes that failed for another reason (the message is not stored). */
  errors: number;
}

export function zeroSinkCounters(): SinkCounters {
  return { writes: 0, inserted: 0, duplicates: 0, errors: 0 };
}
