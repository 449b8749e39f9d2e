/**
 * Where the stack tests find things: the repository's stack files, executables on PATH, the
 * local broker's JMX exporter, and the Prometheus configuration adapted to a test's ports.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRootForTests } from '../helpers/cli.js';
import { readLocalState } from '../../src/local/kafka/index.js';

/** Repository root. */
export const ROOT = repoRootForTests();
export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
export const PROMETHEUS_COMPOSE_CONFIG = join(ROOT, 'prometheus', 'prometheus.yml');
export const PROMETHEUS_LOCAL_CONFIG = join(ROOT, 'prometheus', 'prometheus.local.yml');
export const GRAFANA_DIR = join(ROOT, 'grafana');

/** The first of `names` found as an executable on PATH (or /usr/sbin, /usr/bin), or null. */
export function findExecutable(...names: string[]): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/sbin'].filter((d) => d !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
      }
    }
  }
  return null;
}

/** `host:port` of the local broker's JMX exporter (`mqload local` state, else the default 127.0.0.1:7071). */
export function localJmxAddress(): string {
  return readLocalState()?.jmxAddress ?? '127.0.0.1:7071';
}

/** A Prometheus config as far as these tests read it. */
export interface PromConfig {
  global?: Record<string, unknown>;
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> } & Record<string, unknown>>;
}

/** Parses a Prometheus YAML config file. */
export function readPromConfig(path: string): PromConfig {
  return parse(readFileSync(path, 'utf8')) as PromConfig;
}

/**
 * The local Prometheus config (`prometheus.local.yml`) with every job's target replaced by
 * `targets[job]`, 1 s scrapes, and `slow[job]` seconds (interval and timeout) for jobs whose
 * endpoint can take longer than a second to answer. Throws when the file's jobs are not exactly
 * those of `targets`.
 */
export function adaptLocalConfig(targets: Record<string, string>, slow: Record<string, number> = {}): string {
  const config = readPromConfig(PROMETHEUS_LOCAL_CONFIG);
  const jobs = config.scrape_configs.map((s) => s.job_name).sort();
  const wanted = Object.keys(targets).sort();
  if (jobs.join(',') !== wanted.join(',')) throw new Error(`prometheus.local.yml jobs are ${jobs.join(', ')}; the test knows ${wanted.join(', ')}`);
  config.global = { ...config.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  for (const s of config.scrape_configs) {
    s.static_configs = [{ targets: [targets[s.job_name]!] }];
    const seconds = slow[s.job_name];
    if (seconds !== undefined) Object.assign(s, { scrape_interval: `${seconds}s`, scrape_timeout: `${seconds}s` });
  }
  return stringify(config);
}
