/**
 * Reports of a tuning loop (`mqload tune`): `tune.md` and `tune.html` (self-contained, the step
 * figures charted with uPlot inlined). Both hold the step table (the change, throughput, publish
 * and end-to-end p99, consumer lag at the end of the load, broker GC time, the primary
 * bottleneck, kept or reverted with the noise band and why), the findings whose advice mqload did
 * not apply, the final profile as a diff against the original, and the settings to carry to
 * production. `tune.json` is the {@link TuneResult} itself.
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { FindingAction } from '../analyzer/finding-types.js';
import { describeActionPlain } from '../analyzer/actions.js';
import type { ComparisonRow } from './compare.js';
import type { TuneResult, TuneStep } from '../tune/types.js';
import { describeTerm } from '../tune/objective.js';
import { escapeHtml, escapeInlineStyle, type ChartAssets } from './html-assets.js';
import { xyChartDivs, xyChartScripts, type XyChart } from './xy-charts.js';
import { formatChange, formatCount, formatMs, formatPercent, formatRate, formatRatio } from './format.js';

/** A figure of a step with its change against the best run before it and the noise band: `12.3k msg/s (+8 % ±3 %)`. */
function withBand(value: string, row: ComparisonRow | undefined): string {
  if (!row || row.change === null) return value;
  return `${value} (${row.change === 0 ? '0 %' : formatChange(row.change)} ±${formatPercent(row.limit * 100)})`;
}

function changeText(s: TuneStep): string {
  if (s.index === 0) return 'baseline (the profile as given)';
  const acts = s.actions.map((a: FindingAction) => describeActionPlain(a));
  return `${s.target?.id ?? '?'}: ${acts.join(', ')}`;
}

/** One step's cells, in table order. */
function cells(s: TuneStep): string[] {
  const row = (id: string) => s.comparison.find((r) => r.id === id);
  return [
    String(s.index),
    changeText(s),
    withBand(formatRate(s.figures.throughput), row('throughput')),
    withBand(formatMs(s.figures.publishP99), row('publish-p99')),
    withBand(formatMs(s.figures.e2eP99), row('e2e-p99')),
    formatCount(s.figures.lagAtLoadEnd),
    withBand(formatRatio(s.figures.gcTimeShare), row('gc-time')),
    s.primary ? `${s.primary.id}` : 'none',
    s.decision + (s.objectiveMet === null ? '' : s.objectiveMet ? ' · objective met' : ' · objective not met'),
    s.reasons.join('; ') || '—',
  ];
}

const HEAD = ['step', 'change', 'throughput', 'publish p99', 'e2e p99', 'lag at load end', 'broker GC time', 'primary bottleneck', 'decision', 'why'];

/** The headline: what the best run is and whether the objective holds. */
export function tuneHeadline(r: TuneResult): string {
  const kept = r.steps.filter((s) => s.decision === 'kept');
  const reverted = r.steps.filter((s) => s.decision === 'reverted');
  const obj = r.objective.length === 0 ? '' : r.objectiveMet ? ` The objective (${r.objective.map(describeTerm).join(', ')}) is met.` : ` The objective (${r.objective.map(describeTerm).join(', ')}) is not met.`;
  if (kept.length === 0) return `No change was kept: the best run is the baseline${reverted.length > 0 ? ` (${reverted.length} change${reverted.length === 1 ? '' : 's'} tried and reverted)` : ''}.${obj}`;
  return `${kept.length} change${kept.length === 1 ? '' : 's'} kept (${kept.map((s) => `step ${s.index}`).join(', ')}), ${reverted.length} reverted; the best run is step ${r.bestStep}.${obj}`;
}

/** The final profile as a unified diff against the original (YAML); empty when unchanged. */
export function profileDiff(r: TuneResult): string {
  const a = stringify(r.originalProfile);
  const b = stringify(r.finalProfile);
  if (a === b) return '';
  return createTwoFilesPatch(`${r.profile} (original)`, `${r.profile} (tuned)`, a, b, undefined, undefined, { context: 2 })
    .split('\n')
    .filter((l) => !l.startsWith('====='))
    .join('\n');
}

/** What to carry to production: the kept changes, one line each. */
export function carryOver(r: TuneResult): string[] {
  const lines: string[] = [];
  for (const s of r.steps.filter((x) => x.decision === 'kept')) {
    for (const a of s.actions) lines.push(`${describeActionPlain(a)} — ${a.why} (step ${s.index})`);
  }
  const heap = r.brokerSettings.kept.heap;
  if (heap !== undefined) {
    lines.push(`broker JVM heap ${r.brokerSettings.original.heap ?? 'as it was'} → ${heap} (the local broker was given back ${r.brokerSettings.original.heap ?? 'its setting'} at the end; \`mqload local up --heap ${heap}\` starts it tuned)`);
  }
  return lines;
}

export function renderTuneMarkdown(r: TuneResult): string {
  const lines: string[] = [`# Tuning — ${r.profile}`, '', `**${tuneHeadline(r)}**`, '', `Stopped: ${r.stoppedBecause}.`, ''];
  lines.push(`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i >= 2 && i <= 6 ? '---:' : '---')).join('|')}|`);
  for (const s of r.steps) lines.push(`| ${cells(s).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  lines.push(
    '',
    `A change is kept when the finding it targets clears or a figure of the objective improves beyond noise, and reverted otherwise (or when it breaks an objective that held). Figures in brackets: change against the best run before the step, ± the noise band it had to clear (max(${formatPercent(r.options.minChange * 100)}, 2 × the two runs' combined noise), as \`mqload compare\`).`,
  );
  if (r.skipped.length > 0) {
    lines.push('', '## Advice mqload did not apply', '');
    for (const k of r.skipped) lines.push(`- step ${k.stepIndex}, **${k.finding.id}** (${k.finding.title}): ${k.reason}.`);
  }
  const carry = carryOver(r);
  lines.push('', '## To carry to production', '');
  lines.push(...(carry.length > 0 ? carry.map((l) => `- ${l}`) : ['- nothing: no change was kept.']));
  const diff = profileDiff(r);
  lines.push('', '## The tuned profile against the original', '');
  lines.push(diff ? ['```diff', diff.trimEnd(), '```'].join('\n') : 'Unchanged.');
  lines.push('', `Step records: ${r.steps.map((s) => `\`${s.dir}\``).join(', ')}.`, '');
  return lines.join('\n');
}

export function renderTuneHtml(r: TuneResult, assets: ChartAssets): string {
  const x = r.steps.map((s) => s.index);
  const charts: XyChart[] = [
    { id: 'throughput', title: 'Throughput per step', xLabel: 'step', yLabel: 'msg/s', series: [{ label: 'throughput', stroke: '#1f77b4', width: 2, points: { show: true } }], data: [x, r.steps.map((s) => s.figures.throughput)] },
    {
      id: 'latency', title: 'p99 latency per step', xLabel: 'step', yLabel: 'ms',
      series: [{ label: 'publish p99', stroke: '#d62728', width: 2, points: { show: true } }, { label: 'e2e p99', stroke: '#9467bd', width: 2, points: { show: true } }],
      data: [x, r.steps.map((s) => s.figures.publishP99), r.steps.map((s) => s.figures.e2eP99)],
    },
  ];
  const rows = r.steps.map((s) => `<tr class="${s.decision}">${cells(s).map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const carry = carryOver(r);
  const diff = profileDiff(r);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mqload tune — ${escapeHtml(r.profile)}</title>
<style>${escapeInlineStyle(assets.css)}
body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:16px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
tr.kept{background:#eef8ee}tr.reverted{background:#fdecea}tr.incomplete{background:#fff6e0}pre{background:#f6f6f6;padding:8px;overflow:auto}.chart{margin:16px 0}</style></head>
<body data-render-status="pending">
<h1>Tuning — ${escapeHtml(r.profile)}</h1>
<p><strong>${escapeHtml(tuneHeadline(r))}</strong></p>
<p>Stopped: ${escapeHtml(r.stoppedBecause)}.</p>
${xyChartDivs(charts)}
<table><thead><tr>${HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
<p>A change is kept when the finding it targets clears or a figure of the objective improves beyond noise, and reverted otherwise. Brackets: change against the best run before the step ± the noise band it had to clear.</p>
${r.skipped.length > 0 ? `<h2>Advice mqload did not apply</h2><ul>${r.skipped.map((k) => `<li>step ${k.stepIndex}, <b>${escapeHtml(k.finding.id)}</b> (${escapeHtml(k.finding.title)}): ${escapeHtml(k.reason)}.</li>`).join('')}</ul>` : ''}
<h2>To carry to production</h2><ul>${(carry.length > 0 ? carry : ['nothing: no change was kept.']).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<h2>The tuned profile against the original</h2>${diff ? `<pre>${escapeHtml(diff)}</pre>` : '<p>Unchanged.</p>'}
${xyChartScripts(charts, assets.js)}
</body></html>
`;
}
