/**
 * The database sink as run hooks (when `consumers.sink` is set): before load the coordinator
 * creates the table once (if missing) and tells every worker to open its consumers' writers,
 * failing the run with exit 4 when the database cannot be reached; after the drain it closes
 * the writers, collects the workers' counts, counts the run's rows in the table and drops the
 * table when `dropAfterRun` is set. The counts become `summary.sink`.
 */
import type { Profile, SinkSpec } from '../profile/schema.js';
import type { SinkSummary } from '../record/summary.js';
import type { FromWorker } from '../load/protocol.js';
import type { RunContext, RunHooks } from '../run/hooks.js';
import { describeError } from '../errors.js';
import { createSinkAdmin, SinkUnavailableError } from './factory.js';
import { zeroSinkCounters, type SinkAdmin, type SinkCounters } from './types.js';

/** How long workers may take to open their writers, ms. */
export const OPEN_TIMEOUT_MS = 20_000;
/** How long workers may take to close their writers and report, ms. */
const CLOSE_TIMEOUT_MS = 10_000;

/** Waits until `done()` holds or `timeoutMs` passed; `poke` is called by the listener on each message. */
function waitFor(done: () => boolean, timeoutMs: number, setPoke: (poke: (() => void) | null) => void): Promise<boolean> {
  return new Promise((resolve) => {
    if (done()) return resolve(true);
    const t = setTimeout(() => {
      setPoke(null);
      resolve(false);
    }, timeoutMs);
    setPoke(() => {
      if (!done()) return;
      clearTimeout(t);
      setPoke(null);
      resolve(true);
    });
  });
}

/** Sink hooks for a profile, or undefined when it has no sink. */
export function createSinkHooks(profile: Profile): RunHooks | undefined {
  const spec: SinkSpec | undefined = profile.consumers?.sink;
  if (!spec) return undefined;
  let ctx: RunContext | null = null;
  let admin: SinkAdmin | null = null;
  const opened = new Map<number, string | undefined>();
  const finals = new Map<number, SinkCounters>();
  let poke: (() => void) | null = null;
  const setPoke = (p: (() => void) | null) => (poke = p);
  let summary: SinkSummary | undefined;

  return {
    async beforeLoad(c) {
      ctx = c;
      admin = createSinkAdmin(spec);
      try {
        await admin.ensureTable();
      } catch (err) {
        const closing = await admin.close().then(
          () => '',
          (e: unknown) => `; closing the connection failed too: ${describeError(e)}`,
        );
        admin = null;
        throw new SinkUnavailableError(spec, `cannot create table: ${describeError(err)}${closing}`);
      }
      c.pool.send({ type: 'open-sink', sink: spec });
      const all = await waitFor(() => opened.size >= c.pool.size, OPEN_TIMEOUT_MS, setPoke);
      const failed = [...opened.values()].find((e) => e !== undefined);
      if (failed !== undefined) throw new SinkUnavailableError(spec, `a consumer cannot connect: ${failed}`);
      if (!all) throw new SinkUnavailableError(spec, `workers did not open their connections within ${OPEN_TIMEOUT_MS / 1000} s`);
    },
    onWorkerMessage(m: FromWorker) {
      if (m.type === 'sink-opened') opened.set(m.workerIndex, m.error);
      else if (m.type === 'sink-stats') finals.set(m.workerIndex, m.stats);
      else return;
      poke?.();
    },
    async afterLoad() {
      const c = ctx;
      if (!c || !admin) return;
      c.pool.send({ type: 'close-sink' });
      const complete = await waitFor(() => finals.size >= c.pool.size, CLOSE_TIMEOUT_MS, setPoke);
      const total = zeroSinkCounters();
      for (const s of finals.values()) {
        total.writes += s.writes;
        total.inserted += s.inserted;
        total.duplicates += s.duplicates;
        total.errors += s.errors;
      }
      let rows: number | null = null;
      try {
        rows = await admin.countRows(c.plan.runId);
      } catch (err) {
        c.emitEvent('note', `sink: could not count rows in ${spec.table}: ${describeError(err)}`);
      }
      if (spec.dropAfterRun) {
        try {
          await admin.dropTable();
        } catch (err) {
          c.emitEvent('note', `sink: could not drop table ${spec.table}: ${describeError(err)}`);
        }
      }
      await admin.close().catch((err: unknown) => c.emitEvent('note', `sink: closing the admin connection failed: ${describeError(err)}`));
      admin = null;
      summary = { type: spec.type, table: spec.table, mode: spec.mode, ...total, rows, complete };
      c.emitEvent(
        'note',
        `sink ${spec.type} ${spec.table} (${spec.mode}): ${total.inserted} rows inserted, ${total.duplicates} duplicate deliveries ${spec.mode === 'upsert' ? 'absorbed' : 'rejected by the unique key'}, ${total.errors} failed writes${rows === null ? '' : `, ${rows} rows for this run`}`,
      );
    },
    decorateSummary(s) {
      if (summary) s.sink = summary;
    },
  };
}
