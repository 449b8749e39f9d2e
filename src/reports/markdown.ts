/**
 * `report.md`: the tuning recommendations report. Verdict and primary bottleneck first, then
 * ranked findings with evidence and recommendations, then the shared measurement sections
 * (what could not be told, scaling, throughput, latency, delivery, resources, lag, faults,
 * thresholds, configuration). Pure: a function of a {@link ReportInput}.
 */
import { analysisWindow, profileName, type ReportInput } from './input.js';
import { actionLine, describeEvidence, primaryFinding, rankFindings, verdictLabel } from './findings.js';
import { formatSeconds, formatWindow } from './format.js';
import { inline, table } from './markdown-util.js';
import { measurementSections, type ReportBlock, type ReportSection } from './sections.js';

/** Renders the whole Markdown report. */
export function renderMarkdown(input: ReportInput): string {
  const parts = [header(input), verdictSection(input), findingsSection(input), ...measurementSections(input).map(sectionMarkdown)];
  return `${parts.filter((p) => p.length > 0).join('\n\n')}\n`;
}

/** Renders one neutral section as Markdown (heading level 2). */
export function sectionMarkdown(section: ReportSection): string {
  return [`## ${section.title}`, ...section.blocks.map(blockMarkdown)].join('\n\n');
}

function blockMarkdown(block: ReportBlock): string {
  switch (block.kind) {
    case 'text':
      return inline(block.text);
    case 'list':
      return block.items.map((i) => `- ${inline(i)}`).join('\n');
    case 'table':
      return table(block.table.headers, block.table.rows, block.table.align);
  }
}

function header(input: ReportInput): string {
  const s = input.summary;
  const facts: string[] = [];
  if (s) {
    facts.push(`run \`${s.runId}\``, `status **${s.status}**${s.reason ? ` (${inline(s.reason)})` : ''}`, `started ${s.startedAt}`);
    facts.push(`measured ${formatSeconds(s.durationSec)} (warm-up ${formatSeconds(s.warmupSec)} excluded)`, `mode ${s.mode}`, `${s.workers} worker${s.workers === 1 ? '' : 's'}`);
  } else {
    facts.push('**no summary.json**: the run did not finish writing its record; figures below come from the timeline');
  }
  facts.push(`analysis window ${formatWindow(analysisWindow(input))}`);
  return [`# mqload tuning report: ${inline(profileName(input))}`, '', facts.join(' · ')].join('\n');
}

function verdictSection(input: ReportInput): string {
  const f = input.findings;
  if (!f) return '## Verdict\n\nNot analysed: the run record has no findings (run `mqload analyze` on it).';
  const lines = ['## Verdict', '', `**${verdictLabel(f.verdict)}.** ${inline(f.headline)}`];
  const primary = primaryFinding(f);
  if (primary) {
    lines.push('', `**Primary bottleneck:** ${inline(primary.title)} (${primary.severity}, ${primary.confidence} confidence, \`${primary.id}\`)`);
  }
  return lines.join('\n');
}

function findingsSection(input: ReportInput): string {
  const f = input.findings;
  if (!f) return '';
  const ranked = rankFindings(f);
  const lines = ['## Findings', ''];
  if (ranked.length === 0) lines.push('No issues found by the rules that could decide.', '');
  ranked.forEach((finding, i) => {
    const mark = finding.id === f.primary ? ' (primary)' : '';
    lines.push(`### ${i + 1}. [${finding.severity.toUpperCase()}] ${inline(finding.title)}${mark}`, '');
    lines.push(`\`${finding.id}\` · ${finding.category} · ${finding.confidence} confidence`, '');
    if (finding.evidence.length > 0) {
      lines.push('Evidence:', '');
      for (const e of finding.evidence) lines.push(`- ${inline(describeEvidence(e))}`);
      lines.push('');
    }
    lines.push(`**Recommendation:** ${inline(finding.recommendation)}`, '');
    lines.push(actionLine(finding), '');
  });
  if (f.ok.length > 0) lines.push(`Checks that ran and found nothing: ${f.ok.map((r) => `\`${r}\``).join(', ')}.`);
  return lines.join('\n').trimEnd();
}
