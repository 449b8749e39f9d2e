/**
 * Findings as the reports present them: primary bottleneck first, then by severity, keeping the
 * analyzer's order within a severity; plus the wording of verdicts and evidence.
 */
import type { Evidence, Finding, FindingsFile } from '../analyzer/finding-types.js';
import { formatWindow, formatWithUnit } from './format.js';
import { describeAction } from '../analyzer/actions.js';

const SEVERITY_RANK: Record<Finding['severity'], number> = { critical: 0, warning: 1, info: 2 };

/** Findings in report order: the primary one first, then critical, warning, info (stable). */
export function rankFindings(file: FindingsFile | null): Finding[] {
  if (!file) return [];
  return file.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const pa = a.f.id === file.primary ? 0 : 1;
      const pb = b.f.id === file.primary ? 0 : 1;
      return pa - pb || SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i;
    })
    .map(({ f }) => f);
}

/** The verdict in words. */
export function verdictLabel(verdict: FindingsFile['verdict']): string {
  switch (verdict) {
    case 'healthy':
      return 'Healthy: no bottleneck found at this load';
    case 'bottleneck':
      return 'Bottleneck found';
    case 'generator-limited':
      return 'Limited by the load generator: the results understate the broker';
    case 'insufficient-data':
      return 'Insufficient data to judge';
  }
}

/** The primary finding, if the analyzer named one that exists. */
export function primaryFinding(file: FindingsFile | null): Finding | undefined {
  if (!file || !file.primary) return undefined;
  return file.findings.find((f) => f.id === file.primary);
}

/** Evidence in one line: `request-handler idle = 12 % (threshold 30 %) over t=10–70 s — note`. */
export function describeEvidence(e: Evidence): string {
  let text = `${e.metric} = ${formatWithUnit(e.value, e.unit)}`;
  if (e.threshold !== undefined) text += ` (threshold ${formatWithUnit(e.threshold, e.unit)})`;
  if (e.window) text += ` over ${formatWindow(e.window)}`;
  if (e.note) text += ` — ${e.note}`;
  return text;
}

/** What mqload can try of a finding's recommendation itself, or that it is advice only. */
export function actionLine(f: Finding): string {
  if (!f.actions || f.actions.length === 0) return 'mqload cannot apply this itself: advice only.';
  return `mqload can try: ${f.actions.map((a) => `${describeAction(a)} (${a.why})`).join('; ')}.`;
}
