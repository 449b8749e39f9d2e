/**
 * Runs the resource collectors beside the load: builds them from the profile when load is
 * about to start, feeds them the workers' per-interval statistics, stamps and records their
 * samples and events, and puts their availability into `summary.json → collectors`.
 */
import type { Profile } from '../profile/schema.js';
import { buildCollectors, CollectorRunner, WorkerStatsHub, type LocalBrokerInfo } from '../collectors/index.js';
import { localLauncher } from '../local/index.js';
import type { RunHooks } from './hooks.js';
import type { Sample } from '../record/format.js';

/** The local broker of the profile's kind when the profile targets it (no address of the driver section is another broker's). */
function localBrokerFor(profile: Profile): LocalBrokerInfo | null {
  const launcher = localLauncher(profile.driver.type);
  const b = launcher?.recorded();
  if (!launcher || !b) return null;
  return launcher.foreignAddresses(profile.driver, b).length === 0 ? { pid: b.pid, jmxPort: b.jmxPort, dataDir: b.dataDir, bootstrap: b.bootstrap } : null;
}

export function createCollectorHooks(profile: Profile): RunHooks {
  const hub = new WorkerStatsHub();
  let runner: CollectorRunner | null = null;
  return {
    async beforeLoad(ctx) {
      const groups = new Map<string, string>();
      for (const w of ctx.plan.workers) for (const c of w.consumers) groups.set(c.groupId, c.topic);
      const collectors = buildCollectors({
        profile,
        groups: [...groups].map(([groupId, topic]) => ({ groupId, topic })),
        topics: profile.topics.map((t) => t.name),
        driver: ctx.driver,
        localBroker: localBrokerFor(profile),
        readLocalBroker: () => localBrokerFor(profile),
        workerStats: hub,
      });
      runner = new CollectorRunner(collectors, { intervalMs: ctx.plan.intervalMs });
      runner.onSamples((batch) => {
        const t = Math.max(0, (batch.takenAtMs - ctx.t0()) / 1000);
        ctx.emitSamples(batch.samples.map((s): Sample => ({ t, ts: batch.takenAtMs, ...s })));
      });
      runner.onEvent((e) => ctx.emitEvent(e.kind, e.message, e.data));
      await runner.start();
    },
    onInterval(_entry, snapshots) {
      for (const s of snapshots) hub.report({ workerIndex: s.workerIndex, ...s.resources, client: s.client });
    },
    async afterLoad() {
      await runner?.stop();
    },
    decorateSummary(summary) {
      if (runner) summary.collectors = runner.statuses();
    },
  };
}
