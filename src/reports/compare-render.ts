/**
 * Output of `mqload compare`: an aligned text table for people and a JSON document for machines.
 */
import type { ComparisonRow, CompareOptions } from './compare.js';
import { formatChange, formatPercent, formatWithUnit } from './format.js';

/** One side of a comparison, as named to the user. */
export interface RunLabel {
  dir: string;
  runId: string | null;
}

/** The noise rule in one sentence, for the table footer and the JSON. */
export const NOISE_RULE =
  'Noise = each run\'s relative standard error of the figure from its per-interval values (cv × sqrt((1 + r1) / (n (1 − r1))), r1 = lag-1 autocorrelation), combined as sqrt(noiseA² + noiseB²). A change counts when |B − A| / |A| > max(min change, 2 × noise); a regression is a counted change in the bad direction that also exceeds max(--fail-on-regression, 2 × noise).';

function verdictText(r: ComparisonRow): string {
  switch (r.verdict) {
    case 'better':
      return 'better';
    case 'worse':
      return r.regression ? 'WORSE (regression)' : 'worse';
    case 'within-noise':
      return 'within noise';
    case 'n/a':
      return 'n/a';
  }
}

function noiseText(r: ComparisonRow): string {
  if (r.noiseA === null && r.noiseB === null) return 'unknown';
  return `±${formatPercent(r.combinedNoise * 100)}`;
}

/** Lays out rows of cells as a fixed-width table (first column left-aligned, others right). */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - [...cell].length);
    return i === 0 ? cell + gap : gap + cell;
  };
  const lines = rows.map((r) => r.map(pad).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** The human-readable comparison. */
export function renderComparisonText(a: RunLabel, b: RunLabel, rows: ComparisonRow[], options: CompareOptions): string {
  const header = ['Metric', 'A', 'B', 'Change', 'Noise', 'Verdict'];
  const body = rows.map((r) => [r.label, formatWithUnit(r.a, r.unit), formatWithUnit(r.b, r.unit), formatChange(r.change), noiseText(r), verdictText(r)]);
  const regressions = rows.filter((r) => r.regression);
  const lines = [
    `A: ${a.dir}${a.runId ? ` (${a.runId})` : ''}`,
    `B: ${b.dir}${b.runId ? ` (${b.runId})` : ''}`,
    '',
    textTable([header, ...body]),
    '',
    `Min change ${formatPercent(options.minChange * 100)}. ${NOISE_RULE}`,
  ];
  if (options.failOnRegression !== null) {
    lines.push(
      regressions.length === 0
        ? `No regression beyond ${formatPercent(options.failOnRegression * 100)} and noise.`
        : `Regressions beyond ${formatPercent(options.failOnRegression * 100)} and noise: ${regressions.map((r) => r.label).join(', ')}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The machine-readable comparison (`--json`). Infinite changes are written as the strings `+Infinity`/`-Infinity`. */
export function renderComparisonJson(a: RunLabel, b: RunLabel, rows: ComparisonRow[], options: CompareOptions): string {
  const doc = {
    a,
    b,
    minChange: options.minChange,
    failOnRegression: options.failOnRegression,
    rule: NOISE_RULE,
    regressions: rows.filter((r) => r.regression).map((r) => r.id),
    rows: rows.map((r) => ({ ...r, change: r.change !== null && !Number.isFinite(r.change) ? (r.change > 0 ? '+Infinity' : '-Infinity') : r.change })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
