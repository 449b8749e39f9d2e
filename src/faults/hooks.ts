/**
 * Fault injection as run hooks (when the profile has `faults:`). Created at start, after the
 * check that broker faults target the running `mqload local` broker (exit 2 otherwise). Faults
 * are timed from load start (warm-up included). After the run the workers report the outage
 * windows their producers saw; each fault gets its window, the errors during it and the
 * recovery time in `summary.faults`. Faults not yet injected when the run ends are skipped
 * (with a note); one in progress is cut short (a paused broker resumed, a killed one started).
 */
import type { Profile } from '../profile/schema.js';
import type { FaultResult } from '../record/summary.js';
import type { FromWorker } from '../load/protocol.js';
import type { RunContext, RunHooks } from '../run/hooks.js';
import { nowWallMs } from '../load/headers.js';
import { describeError } from '../errors.js';
import { localLauncher } from '../local/index.js';
import { BROKER_ACTIONS, assertFaultsRunnable, planFaults, type PlannedFault } from './plan.js';
import { injectFault, type FaultEnv, type FaultOutcome } from './actions.js';
import { attributeOutages, type OutageWindow } from './outage.js';
import { KIND_FAULTS } from './kinds.js';

/** How long the end of the run waits for faults in progress (a broker restart can take a minute), ms. */
const SETTLE_TIMEOUT_MS = 90_000;
/** How long workers may take to report their outage windows, ms. */
const REPORT_TIMEOUT_MS = 3000;
/** How often to check whether load has started (t0 set), ms. */
const T0_POLL_MS = 5;

interface Injection {
  fault: PlannedFault;
  atWall: number;
  outcome: FaultOutcome | null;
  done: Promise<void>;
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/** After a broker fault failed midway: starts the local broker again if it is not running, so it is not left down. */
async function restoreBroker(c: RunContext): Promise<void> {
  const launcher = localLauncher(c.plan.profile.driver.type);
  const broker = launcher?.recorded();
  if (!launcher || !broker) return;
  // A shared broker's node stays alive through a failed restart; what matters is that it answers.
  if (launcher.isAlive(broker) && (!launcher.shared || (await launcher.status({ timeoutMs: 2000 })).answering)) return;
  try {
    const r = await launcher.up({ warmUp: false });
    c.emitEvent('note', `faults: a broker fault failed midway; started the local broker again (pid ${r.pid})`);
  } catch (err) {
    c.emitEvent('note', `faults: the local broker is down and could not be started again: ${describeError(err)}; run \`mqload local up\``);
  }
}

/** The run's connections at the broker, for connection-kill; null when the kind cannot close them. */
function connectionsOf(c: RunContext): FaultEnv['connections'] {
  const k = KIND_FAULTS[c.plan.profile.driver.type];
  if (!k) return null;
  const { profile, runId } = c.plan;
  return { kill: () => k.killConnections(profile, runId), list: async () => (await k.runConnections(profile, runId)).names };
}

/** Fault hooks for a profile, or undefined when it has none. Throws UsageError when broker faults cannot run. */
export function createFaultHooks(profile: Profile): RunHooks | undefined {
  const faults = planFaults(profile);
  if (faults.length === 0) return undefined;
  assertFaultsRunnable(profile);
  let ctx: RunContext | null = null;
  const abort = new AbortController();
  const timers = new Map<string, NodeJS.Timeout>();
  const injections: Injection[] = [];
  const rejoinWaiters = new Map<string, Array<(at: number) => void>>();
  const outages = new Map<number, OutageWindow[]>();
  let onOutages: (() => void) | null = null;
  let crashes = 0;
  let results: FaultResult[] | undefined;

  function env(c: RunContext): FaultEnv {
    return {
      launcher: localLauncher(c.plan.profile.driver.type),
      connections: connectionsOf(c),
      emit: (kind, message, data) => c.emitEvent(kind, message, data),
      crashConsumer: (consumerId, downForMs) => c.pool.send({ type: 'crash-consumer', consumerId, downForMs }),
      waitRejoin: (consumerId, timeoutMs) =>
        new Promise((resolve) => {
          const t = setTimeout(() => resolve(null), timeoutMs);
          const list = rejoinWaiters.get(consumerId) ?? [];
          list.push((at) => {
            clearTimeout(t);
            resolve(at);
          });
          rejoinWaiters.set(consumerId, list);
        }),
      signal: abort.signal,
    };
  }

  function inject(c: RunContext, f: PlannedFault): void {
    timers.delete(f.id);
    const consumers = c.plan.workers.flatMap((w) => w.consumers.map((k) => k.consumerId)).sort();
    const target = f.action === 'consumer-crash' ? consumers[crashes++ % Math.max(1, consumers.length)] : undefined;
    const injection: Injection = { fault: f, atWall: nowWallMs(), outcome: null, done: Promise.resolve() };
    injection.done = injectFault(f, env(c), target).then((o) => void (injection.outcome = o));
    injections.push(injection);
  }

  /** Schedules every fault from load start; called once t0 is set. */
  function arm(c: RunContext): void {
    timers.delete('arm');
    const t0 = c.t0();
    for (const f of faults) {
      const delay = Math.max(0, t0 + f.atMs - nowWallMs());
      timers.set(f.id, setTimeout(() => inject(c, f), delay));
    }
  }

  async function collectOutages(c: RunContext): Promise<OutageWindow[]> {
    outages.clear();
    const all = new Promise<void>((resolve) => (onOutages = () => outages.size >= c.pool.size && resolve()));
    c.pool.send({ type: 'report-outages' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, REPORT_TIMEOUT_MS)))]);
    clearTimeout(timer);
    onOutages = null;
    if (outages.size < c.pool.size) c.emitEvent('note', `faults: ${c.pool.size - outages.size} worker(s) did not report producer outages in time`);
    return [...outages.values()].flat();
  }

  return {
    beforeLoad(c) {
      ctx = c;
      // t0 is set once every hook's beforeLoad has returned (later ones may take a while, e.g.
      // the sink opening connections): arm as soon as it changes.
      const provisional = c.t0();
      const armWhenStarted = () => {
        if (abort.signal.aborted) return;
        if (c.t0() !== provisional) arm(c);
        else timers.set('arm', setTimeout(armWhenStarted, T0_POLL_MS));
      };
      armWhenStarted();
    },
    onWorkerMessage(m: FromWorker) {
      if (m.type === 'consumer-rejoined') {
        const list = rejoinWaiters.get(m.consumerId) ?? [];
        rejoinWaiters.delete(m.consumerId);
        for (const w of list) w(m.atWall);
      } else if (m.type === 'outages') {
        outages.set(m.workerIndex, m.windows);
        onOutages?.();
      }
    },
    async afterLoad() {
      const c = ctx;
      if (!c) return;
      for (const [id, t] of timers) {
        clearTimeout(t);
        const f = faults.find((x) => x.id === id);
        if (!f) continue;
        c.emitEvent('note', `fault ${id} (${f.action} at ${f.atMs / 1000} s) not injected: the run ended first`, { id, action: f.action });
      }
      timers.clear();
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        Promise.all(injections.map((i) => i.done)).then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), SETTLE_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (!settled) c.emitEvent('note', `faults: some faults were still in progress ${SETTLE_TIMEOUT_MS / 1000} s after the run ended`);
      if (injections.some((i) => BROKER_ACTIONS.has(i.fault.action) && i.outcome?.error)) await restoreBroker(c);
      const windows = await collectOutages(c);
      const t0 = c.t0();
      const seen = attributeOutages(
        injections.map((i) => ({ atWall: i.atWall, endWall: i.outcome?.endWall ?? null })),
        windows,
      );
      results = injections.map((inj, i): FaultResult => {
        const o = seen[i]!;
        const endWall = inj.outcome?.endWall ?? null;
        const sec = (wall: number | null) => (wall === null ? null : round((wall - t0) / 1000));
        const r: FaultResult = {
          id: inj.fault.id,
          action: inj.fault.action,
          at: sec(inj.atWall)!,
          endSec: sec(endWall),
          outageStartSec: sec(o.startWall),
          outageEndSec: sec(o.endWall),
          outageSec: o.startWall !== null && o.endWall !== null ? round((o.endWall - o.startWall) / 1000) : null,
          recoverySec: o.endWall !== null && endWall !== null ? round(Math.max(0, o.endWall - endWall) / 1000) : null,
          errorsDuring: o.errors,
        };
        if (inj.outcome?.error) r.error = inj.outcome.error;
        return r;
      });
    },
    decorateSummary(summary) {
      if (results) summary.faults = results;
    },
  };
}
