/**
 * Reports of a saturation sweep: `sweep.md` (steps table, maximum sustainable rate, the
 * bottleneck at the knee) and `sweep.html` (self-contained: target vs achieved rate and the
 * throughput–latency curve, uPlot inlined).
 */
import type { SweepResult } from '../run/sweep.js';
import { escapeHtml, escapeInlineStyle, type ChartAssets } from './html-assets.js';
import { xyChartDivs, xyChartScripts, type XyChart } from './xy-charts.js';
import { formatMs, formatRate } from './format.js';

export function renderSweepMarkdown(r: SweepResult): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(`# Saturation sweep — ${r.profile}`, '');
  lines.push(
    r.maxSustainableRate === null
      ? `**No step met the objective** (${o.slo.metric} p99 < ${o.slo.p99Ms} ms, achieved ≥ ${o.minAchievedShare * 100} % of target, no errors): start lower (\`--start-rate\`).`
      : `**Maximum sustainable rate: ${formatRate(r.maxSustainableRate)}** (${o.slo.metric} p99 < ${o.slo.p99Ms} ms, achieved ≥ ${o.minAchievedShare * 100} % of target, no errors, no critical finding, no dropped or late sends)` +
          (r.knee?.generatorLimited ? ': the load generator\'s maximum, not the system\'s — the next step failed on mqload itself.' : '.'),
  );
  if (r.knee) {
    const who = r.knee.generatorLimited
      ? 'the load generator itself — the knee belongs to mqload, not the system under test: add worker threads or machines and sweep again'
      : (r.knee.bottleneck ?? 'no analyzer finding fired; see the step report');
    lines.push('', `Knee at ${formatRate(r.knee.targetRate)} target. Bottleneck: ${who}.`);
  }
  lines.push('', `Stopped: ${r.stoppedBecause}.`, '');
  lines.push('| step | target | achieved | publish p50 | publish p99 | e2e p50 | e2e p99 | failed | dropped | verdict | findings |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const s of r.steps) {
    lines.push(
      `| ${s.index + 1} | ${formatRate(s.targetRate)} | ${formatRate(s.achievedRate)} | ${formatMs(s.publish?.p50)} | ${formatMs(s.publish?.p99)} | ${formatMs(s.e2e?.p50)} | ${formatMs(s.e2e?.p99)} | ${s.failed} | ${s.dropped} | ${s.passed ? 'pass' : `**fail**: ${s.reasons.join('; ')}`} | ${s.findings.map((f) => `${f.severity}: ${f.title}`).join('<br>') || '—'} |`,
    );
  }
  lines.push('', `Each step: ${o.warmupSec} s warm-up + ${o.stepSec} s at a constant arrival rate; rates grow ×${o.stepFactor} from ${formatRate(o.startRate)}. Step records: ${r.steps.map((s) => `\`${s.dir}\``).join(', ')}.`, '');
  return lines.join('\n');
}

export function renderSweepHtml(r: SweepResult, assets: ChartAssets): string {
  const byTarget = [...r.steps].sort((a, b) => a.targetRate - b.targetRate);
  const byAchieved = [...r.steps].sort((a, b) => a.achievedRate - b.achievedRate);
  const charts: XyChart[] = [
    {
      id: 'rate', title: 'Target vs achieved rate', xLabel: 'target msg/s', yLabel: 'msg/s',
      series: [{ label: 'achieved', stroke: '#1f77b4', width: 2, points: { show: true } }, { label: 'ideal (achieved = target)', stroke: '#999', dash: [4, 4] }],
      data: [byTarget.map((s) => s.targetRate), byTarget.map((s) => s.achievedRate), byTarget.map((s) => s.targetRate)],
    },
    {
      id: 'latency', title: 'Throughput–latency', xLabel: 'achieved msg/s', yLabel: 'p99 ms',
      series: [
        { label: 'publish p99', stroke: '#d62728', width: 2, points: { show: true } },
        { label: 'e2e p99', stroke: '#9467bd', width: 2, points: { show: true } },
        { label: 'objective', stroke: '#2ca02c', dash: [6, 4] },
      ],
      data: [byAchieved.map((s) => s.achievedRate), byAchieved.map((s) => s.publish?.p99 ?? null), byAchieved.map((s) => s.e2e?.p99 ?? null), byAchieved.map(() => r.options.slo.p99Ms)],
    },
  ];
  const md = renderSweepMarkdown(r);
  const headline = md.split('\n').find((l) => l.startsWith('**')) ?? '';
  const rows = r.steps
    .map(
      (s) =>
        `<tr class="${s.passed ? 'pass' : 'fail'}"><td>${s.index + 1}</td><td>${formatRate(s.targetRate)}</td><td>${formatRate(s.achievedRate)}</td><td>${formatMs(s.publish?.p99)}</td><td>${formatMs(s.e2e?.p99)}</td><td>${s.failed}</td><td>${s.dropped}</td><td>${escapeHtml(s.passed ? 'pass' : s.reasons.join('; '))}</td><td>${escapeHtml(s.findings.map((f) => `${f.severity}: ${f.title}`).join(' · ') || '—')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mqload sweep — ${escapeHtml(r.profile)}</title>
<style>${escapeInlineStyle(assets.css)}
body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:16px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
td:last-child,td:nth-last-child(2){text-align:left}tr.fail{background:#fdecea}tr.pass{background:#eef8ee}.chart{margin:16px 0}</style></head>
<body data-render-status="pending">
<h1>Saturation sweep — ${escapeHtml(r.profile)}</h1>
<p>${escapeHtml(headline.replace(/\*\*/g, ''))}</p>
${r.knee ? `<p>Knee at ${formatRate(r.knee.targetRate)}. Bottleneck: ${escapeHtml(r.knee.generatorLimited ? 'the load generator (results understate the system)' : (r.knee.bottleneck ?? 'no finding fired'))}.</p>` : ''}
<p>Stopped: ${escapeHtml(r.stoppedBecause)}.</p>
${xyChartDivs(charts)}
<table><thead><tr><th>step</th><th>target</th><th>achieved</th><th>publish p99</th><th>e2e p99</th><th>failed</th><th>dropped</th><th>verdict</th><th>findings</th></tr></thead><tbody>
${rows}
</tbody></table>
${xyChartScripts(charts, assets.js)}
</body></html>
`;
}
