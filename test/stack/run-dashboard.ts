/**
 * The broker dashboard tests' common run: a real Prometheus (loopback, 1 s scrapes) scraping
 * mqload's live `/metrics` on a free port — and any broker-side exporter the config adds —
 * while a short real `mqload run` of `profile` goes (collectors on), then every variable and
 * query of one shipped dashboard run over that stretch (see dashboard-check.ts). The caller
 * asserts on the result; Prometheus stays a child of `procs` until the caller stops it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Profile } from '../../src/profile/schema.js';
import type { RunSummary } from '../../src/record/summary.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { checkDashboard, startPrometheus, type DashboardCheck } from './dashboard-check.js';
import { freePort, type ChildProcesses } from './processes.js';
import { GRAFANA_DIR } from './stack-env.js';

/** 1 s scrapes and evaluations, so a 15 s run gives rates over `$__rate_interval`. */
export const FAST_GLOBAL = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };

/** A Prometheus config scraping only mqload at `127.0.0.1:<mqloadPort>` (job `mqload`). */
export function mqloadOnlyConfig(mqloadPort: number): string {
  return stringify({ global: FAST_GLOBAL, scrape_configs: [{ job_name: 'mqload', static_configs: [{ targets: [`127.0.0.1:${mqloadPort}`] }] }] });
}

export interface RunDashboardOptions {
  /** The `prometheus` executable. */
  prometheusBin: string;
  /** Holds Prometheus (the caller stops it). */
  procs: ChildProcesses;
  /** Empty directory for Prometheus's config and TSDB and the run record. */
  dir: string;
  /** Dashboard file under `grafana/dashboards/`. */
  file: string;
  /** The run; its status must be `completed`. */
  profile: Profile;
  /** Prometheus YAML for mqload's `/metrics` on `mqloadPort` (default: {@link mqloadOnlyConfig}). */
  config?: (mqloadPort: number) => string;
}

/** What {@link runAndCheckDashboard} found: the check and the run it covered. */
export interface RunDashboardResult extends DashboardCheck {
  runId: string;
}

/** Runs `profile` (one worker, collectors on) with its live `/metrics` on `port`; resolves with the run's summary. */
async function runServingMetrics(profile: Profile, dir: string, port: number): Promise<RunSummary> {
  const ext = await buildRunExtensions(profile, { metricsPort: port });
  try {
    return (await runProfile(profile, { dir, workers: 1, outputs: ext.outputs, hooks: ext.hooks })).summary;
  } finally {
    await ext.close();
  }
}

/** Starts Prometheus, runs `profile` serving `/metrics`, then checks every query of the dashboard over the run. */
export async function runAndCheckDashboard(o: RunDashboardOptions): Promise<RunDashboardResult> {
  const [promPort, mqloadPort] = [await freePort(), await freePort()];
  const prom = await startPrometheus(o.procs, o.prometheusBin, o.dir, (o.config ?? mqloadOnlyConfig)(mqloadPort), promPort);
  const start = Date.now() / 1000;
  const summary = await runServingMetrics(o.profile, join(o.dir, 'run'), mqloadPort);
  assert.equal(summary.status, 'completed', `the run ${summary.runId} did not complete`);
  const end = Date.now() / 1000;
  const dashboard = JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards', o.file), 'utf8')) as Record<string, unknown>;
  return { ...(await checkDashboard(prom, dashboard, start, end)), runId: summary.runId };
}

/** The value a single-valued variable was filled with, or null. */
export function singleValue(check: DashboardCheck, name: string): string | null {
  const v = check.vars.get(name);
  return v?.kind === 'single' ? v.value : null;
}
