/**
 * `junit.xml`: the run as JUnit test results for CI systems. Three suites:
 * - `mqload.run`: one case, failed when the run did not complete (or left no summary);
 * - `mqload.thresholds`: one case per threshold expression, failed when it did not hold;
 * - `mqload.findings`: one case per finding (critical → failure; warning/info pass with the
 *   finding in system-out), one passing case per rule that found nothing, one skipped case per
 *   rule that had too little data.
 */
import type { Finding } from '../analyzer/finding-types.js';
import { profileName, type ReportInput } from './input.js';
import { describeEvidence, rankFindings } from './findings.js';
import { formatWithUnit, unitForMetric } from './format.js';

/** Removes characters XML 1.0 forbids (C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Escapes text for XML content and attribute values (both quote kinds), after stripping invalid characters. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  classname: string;
  time?: number;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
  systemOut?: string;
}

function caseXml(c: Case): string {
  const attrs = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${(c.time ?? 0).toFixed(3)}"`;
  const inner: string[] = [];
  if (c.failure) inner.push(`      <failure message="${escapeXml(c.failure.message)}" type="${escapeXml(c.failure.type)}">${escapeXml(c.failure.body)}</failure>`);
  if (c.skipped !== undefined) inner.push(`      <skipped message="${escapeXml(c.skipped)}"/>`);
  if (c.systemOut) inner.push(`      <system-out>${escapeXml(c.systemOut)}</system-out>`);
  if (inner.length === 0) return `    <testcase ${attrs}/>`;
  return [`    <testcase ${attrs}>`, ...inner, '    </testcase>'].join('\n');
}

function suiteXml(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = cases.reduce((s, c) => s + (c.time ?? 0), 0);
  const head = `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`;
  return [head, ...cases.map(caseXml), '  </testsuite>'].join('\n');
}

function findingText(f: Finding): string {
  return [`${f.title} [${f.severity}, ${f.confidence} confidence, ${f.category}]`, ...f.evidence.map((e) => `- ${describeEvidence(e)}`), `Recommendation: ${f.recommendation}`].join('\n');
}

function runCases(input: ReportInput): Case[] {
  const s = input.summary;
  const c: Case = { name: 'run completed', classname: 'mqload.run', time: s?.durationSec ?? 0 };
  if (!s) c.failure = { message: 'the run left no summary.json', type: 'RunIncomplete', body: 'The run record has no summary; the run was probably killed.' };
  else if (s.status !== 'completed') c.failure = { message: `run ${s.status}${s.reason ? `: ${s.reason}` : ''}`, type: 'RunIncomplete', body: `status ${s.status}${s.reason ? `\n${s.reason}` : ''}` };
  return [c];
}

function thresholdCases(input: ReportInput): Case[] {
  return (input.summary?.thresholds ?? []).map((t) => {
    const c: Case = { name: `${t.metric}: ${t.expression}`, classname: 'mqload.thresholds' };
    const actual = t.actual === null ? 'no data' : formatWithUnit(t.actual, unitForMetric(t.metric));
    if (!t.ok) c.failure = { message: `${t.metric} ${t.expression} failed: actual ${actual}`, type: 'ThresholdFailed', body: `threshold ${t.metric} ${t.expression}\nactual: ${actual}` };
    else c.systemOut = `actual: ${actual}`;
    return c;
  });
}

function findingCases(input: ReportInput): Case[] {
  const f = input.findings;
  if (!f) return [];
  const cases: Case[] = rankFindings(f).map((finding) => {
    const c: Case = { name: `${finding.id}: ${finding.title}`, classname: `mqload.findings.${finding.category}` };
    if (finding.severity === 'critical') c.failure = { message: finding.title, type: 'CriticalFinding', body: findingText(finding) };
    else c.systemOut = findingText(finding);
    return c;
  });
  for (const rule of f.ok) cases.push({ name: rule, classname: 'mqload.findings.ok' });
  for (const i of f.insufficient) cases.push({ name: i.rule, classname: 'mqload.findings.insufficient', skipped: i.reason });
  return cases;
}

/** Renders junit.xml (UTF-8, JUnit/Ant schema as read by Jenkins, GitLab and GitHub reporters). */
export function renderJunit(input: ReportInput): string {
  const suites: Array<[string, Case[]]> = [
    ['mqload.run', runCases(input)],
    ['mqload.thresholds', thresholdCases(input)],
    ['mqload.findings', findingCases(input)],
  ];
  const all = suites.flatMap(([, c]) => c);
  const failures = all.filter((c) => c.failure).length;
  const skipped = all.filter((c) => c.skipped !== undefined).length;
  const time = input.summary?.durationSec ?? 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`mqload ${profileName(input)}`)}" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">`,
    ...suites.filter(([, c]) => c.length > 0).map(([name, c]) => suiteXml(name, c)),
    '</testsuites>',
    '',
  ].join('\n');
}
