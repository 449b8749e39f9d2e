/**
 * Assembles the optional parts of a run from the profile and the CLI flags: resource
 * collectors, the Prometheus exporter, delivery verification and fault injection. Returns the
 * live outputs, the combined hooks and a `close()` that releases whatever was started.
 */
import type { Profile } from '../profile/schema.js';
import type { RunOutput } from './outputs.js';
import { combineHooks, type RunHooks } from './hooks.js';
import { createFaultHooks } from '../faults/hooks.js';
import { createVerificationHooks } from '../verify/hooks.js';
import { createSinkHooks } from '../sinks/hooks.js';
import { createCollectorHooks } from './collect-hooks.js';
import { PrometheusOutput } from '../exporters/prometheus-output.js';

export interface ExtensionOptions {
  /** Prometheus /metrics port; 0 turns the exporter off. */
  metricsPort?: number;
  metricsHost?: string;
  /** Keep /metrics up this long after the run, ms. */
  metricsLinger?: number;
  /** false turns the collectors off (`--no-collect`). */
  collect?: boolean;
}

export interface RunExtensions {
  outputs: RunOutput[];
  hooks: RunHooks | undefined;
  close(): Promise<void>;
}

export async function buildRunExtensions(profile: Profile, opts: ExtensionOptions): Promise<RunExtensions> {
  const hooks: RunHooks[] = [];
  const outputs: RunOutput[] = [];
  const closers: Array<() => Promise<void>> = [];
  let closed = false;
  // Faults first (their afterLoad brings a paused or killed broker back), then verification, then the sink.
  for (const h of [createFaultHooks(profile), createVerificationHooks(profile), createSinkHooks(profile)]) if (h) hooks.push(h);
  if (opts.collect !== false) hooks.push(createCollectorHooks(profile));
  if ((opts.metricsPort ?? 0) > 0) {
    const prom = new PrometheusOutput({ host: opts.metricsHost ?? '127.0.0.1', port: opts.metricsPort ?? 9464, lingerMs: opts.metricsLinger ?? 0 });
    outputs.push(prom);
    closers.push(() => prom.close());
  }
  return {
    outputs,
    hooks: hooks.length ? combineHooks(hooks) : undefined,
    async close() {
      if (closed) return;
      closed = true;
      for (const c of closers) await c();
    },
  };
}
