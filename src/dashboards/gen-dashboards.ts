/**
 * Writes the Grafana dashboard files (`grafana/dashboards/*.json`) from the typed dashboards in
 * this folder. Run after building: `node dist/src/dashboards/gen-dashboards.js` (writes the
 * files) or `--check` (exit 1 when a committed file is missing or stale).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, DASHBOARDS_DIR, renderDashboard } from './index.js';

/** Dashboard files whose committed text differs from the generated one (missing files included). */
export function staleDashboards(dir = DASHBOARDS_DIR): string[] {
  return DASHBOARDS.filter((d) => {
    let current: string;
    try {
      current = readFileSync(join(dir, d.file), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    return current !== renderDashboard(d.build());
  }).map((d) => d.file);
}

/** Writes every dashboard file into `dir`; returns the paths written. */
export function writeDashboards(dir = DASHBOARDS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  return DASHBOARDS.map((d) => {
    const path = join(dir, d.file);
    writeFileSync(path, renderDashboard(d.build()));
    return path;
  });
}

function main(args: string[]): number {
  if (args.includes('--check')) {
    const stale = staleDashboards();
    if (stale.length === 0) return 0;
    process.stderr.write(`out of date in ${DASHBOARDS_DIR}: ${stale.join(', ')}; run: node dist/src/dashboards/gen-dashboards.js\n`);
    return 1;
  }
  for (const path of writeDashboards()) process.stdout.write(`wrote ${path}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
