/**
 * After a run: analyse the record (findings.json), write the default reports (md, html, json)
 * and tell the user where everything is. Analysis problems never change the run's exit code;
 * they are printed as warnings.
 */
import { join } from 'node:path';
import type { RunResult } from './orchestrator.js';
import { describeError } from '../errors.js';

/** `quiet`: analyse and write reports without printing anything. */
export async function finishRun(result: RunResult, opts: { report: boolean; quiet: boolean }): Promise<void> {
  const out = opts.quiet ? { write: (_s: string) => true } : process.stderr;
  if (opts.report) {
    try {
      const { analyzeRunDir } = await import('../analyzer/index.js');
      const findings = await analyzeRunDir(result.dir);
      out.write(`\n  verdict   ${findings.headline}\n`);
      for (const f of findings.findings.filter((x) => x.severity !== 'info').slice(0, 5)) out.write(`    [${f.severity}] ${f.title}\n`);
    } catch (err) {
      out.write(`mqload: warning: analysis failed: ${describeError(err)}\n`);
    }
    try {
      const { writeReports } = await import('../reports/index.js');
      const files = await writeReports(result.dir, ['md', 'html', 'json']);
      out.write(`  report    ${files.map((f) => f.replace(result.dir + '/', '')).join(', ')}\n`);
    } catch (err) {
      out.write(`mqload: warning: reports failed: ${describeError(err)}\n`);
    }
  }
  out.write(`  record    ${result.dir}${opts.report ? '' : ` (analyse later: mqload analyze ${join(result.dir)})`}\n`);
}
