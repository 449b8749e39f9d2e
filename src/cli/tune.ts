/**
 * `mqload tune <profile>`: closed-loop tuning. Runs the profile, takes the top finding's action
 * (a profile change, a topic's partitions, the local broker's heap), runs again, compares the two
 * runs under the noise rule and keeps or reverts the change, until nothing is found, the
 * `--objective` is met, nothing applicable remains or `--max-steps` is reached (loop in
 * `src/tune/loop.ts`). Writes one run directory per step and `tune.md`, `tune.html`,
 * `tune.json`. Broker settings change only on the local broker mqload runs (`mqload local up`);
 * against any other broker they are reported, not applied.
 * Exit codes: 0 done (objective met, or none given), 99 `--objective` not met, 2 bad profile or
 * flag, 3 broker unreachable, 4 the local broker did not come back, 130 interrupted.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { addProfileOverrideOptions } from '../profile/overrides.js';
import { redactText } from '../profile/redact.js';
import type { Profile } from '../profile/schema.js';
import { describePlan } from '../plan/summary.js';
import { defaultRunDir } from '../record/writer.js';
import { loadReportInput } from '../reports/index.js';
import { loadChartAssets } from '../reports/html-assets.js';
import { renderTuneHtml, renderTuneMarkdown, tuneHeadline } from '../reports/tune.js';
import { formatMs, formatRate } from '../reports/format.js';
import { describeActionPlain } from '../analyzer/actions.js';
import { localLauncher } from '../local/index.js';
import type { TunableLocalBroker } from '../local/types.js';
import { parseObjective, describeTerm } from '../tune/objective.js';
import { chooseChange, runTune, seriousFindings, type StepRun } from '../tune/loop.js';
import { runFigures } from '../tune/figures.js';
import { addRunOptions, executeRun, positiveInt, preflightRun, type RunCommandOptions } from './run.js';
import { DEFAULT_MIN_CHANGE, percentFlag } from './compare.js';

interface TuneFlags extends RunCommandOptions {
  objective?: string;
  maxSteps: number;
  minChange?: number;
  baseline?: string;
  dryRun?: boolean;
}

/**
 * The local broker's settings control when the profile targets the local broker mqload runs
 * itself (not a shared one, alive, at the profile's addresses), with a sentence for the plan.
 */
export function localBrokerControl(profile: Profile): { control: TunableLocalBroker | null; why: string } {
  const launcher = localLauncher(profile.driver.type);
  const remote = 'the profile does not target a local broker mqload runs: broker changes are reported, not applied';
  if (!launcher?.tunable) return { control: null, why: `${profile.driver.type}: mqload cannot change its local broker's settings; broker changes are reported, not applied` };
  if (launcher.shared) return { control: null, why: `this machine's ${profile.driver.type} is shared with other clients: broker changes are reported, not applied` };
  const b = launcher.recorded();
  if (!b || !launcher.isAlive(b)) return { control: null, why: `${remote} (no local ${profile.driver.type} broker runs; \`mqload local up\` starts one)` };
  if (launcher.foreignAddresses(profile.driver, b).length > 0) return { control: null, why: remote };
  const now = launcher.tunable.current() ?? {};
  return { control: launcher.tunable, why: `the local ${profile.driver.type} broker mqload runs (${b.bootstrap}${now.heap ? `, heap ${now.heap}` : ''}): its settings may be changed by restarting it, and are given back at the end` };
}

/** A finished step's run, read back from its directory. */
async function readStep(dir: string): Promise<StepRun> {
  const input = await loadReportInput(dir);
  if (!input.summary) throw new UsageError(`${dir} holds no summary.json, so it is not a finished run`, 'give --baseline the directory of a finished `mqload run`');
  const { key, table } = runFigures(input);
  return { summary: input.summary, findings: input.findings, key, table };
}

export function register(program: Command): void {
  const cmd = program
    .command('tune')
    .description('closed-loop tuning: apply the top recommendation, run again, keep it only if the bottleneck clears or the objective improves beyond noise')
    .argument('<profile>', 'profile file or a name under profiles/')
    .option('--objective <terms>', 'stop once met: k6 thresholds over mqload metrics, comma-separated, e.g. "throughput>=50000,p(99)<50" or "e2e_latency:p(99.9)<200" (bare latency terms: e2e with consumers, else publish)')
    .option('--max-steps <n>', 'most tuning steps after the baseline', positiveInt('--max-steps'), 5)
    .option('--min-change <pct>', 'smallest change that counts, % (as compare; default 5)', percentFlag('--min-change'))
    .option('--baseline <run-dir>', 'start from this finished run of the profile instead of running the baseline')
    .option('--dry-run', 'print the plan (and, with --baseline, the first change) without running anything');
  addRunOptions(cmd);
  addProfileOverrideOptions(cmd);
  cmd.addHelpText('after', '\nExit codes: 0 done, 99 --objective not met, 2 bad profile or flag, 3 broker unreachable, 4 the local broker did not come back, 130 interrupted.');
  cmd.action(async (profileArg: string, flags: TuneFlags & Record<string, unknown>) => {
    const { profile, plan } = await preflightRun(profileArg, flags);
    const hasConsumers = (profile.consumers?.groups ?? 0) > 0 && (profile.consumers?.perGroup ?? 0) > 0;
    const objective = flags.objective !== undefined ? parseObjective(flags.objective, hasConsumers) : [];
    const minChange = flags.minChange ?? DEFAULT_MIN_CHANGE;
    const { control, why } = localBrokerControl(profile);
    if (flags.baseline !== undefined && !existsSync(join(flags.baseline, 'summary.json'))) {
      throw new UsageError(`--baseline ${flags.baseline}: no summary.json there`, 'give the directory of a finished `mqload run` of this profile');
    }
    const baseline = flags.baseline !== undefined ? { dir: resolve(flags.baseline), run: await readStep(flags.baseline), profile } : undefined;
    const out = process.stdout;
    const err = process.stderr;
    if (flags.dryRun) {
      const lines = [
        `tune plan for "${profile.name}" (dry run: nothing was sent)`,
        ...describePlan(plan).map((l) => `    ${l}`),
        `  objective: ${objective.length > 0 ? objective.map(describeTerm).join(', ') : 'none (keep what clears its finding or improves throughput or p99 beyond noise)'}`,
        `  steps: ${baseline ? `baseline ${baseline.dir}` : 'a baseline run'}, then up to ${flags.maxSteps} tuning step${flags.maxSteps === 1 ? '' : 's'} of one run each; a change counts beyond max(${minChange * 100} %, 2 × noise)`,
        `  broker: ${why}`,
      ];
      if (baseline) {
        const serious = seriousFindings(baseline.run.findings);
        const first = chooseChange(serious, profile, control !== null, new Set()).chosen?.finding;
        lines.push(`  baseline findings: ${serious.map((f) => f.id).join(', ') || 'none (nothing to tune)'}`);
        lines.push(first ? `  first change: ${first.id}: ${(first.actions ?? []).map((a) => describeActionPlain(a)).join(', ')}` : '  first change: none applicable');
      } else lines.push('  first change: decided from the baseline run\'s primary finding');
      out.write(redactText(lines.join('\n') + '\n'));
      return;
    }
    const dir = resolve(flags.out ?? defaultRunDir(process.cwd(), `${profile.name}-tune`, new Date()));
    mkdirSync(dir, { recursive: true });
    err.write(`mqload tune: ${profile.name}, up to ${flags.maxSteps} steps${objective.length > 0 ? `, objective ${objective.map(describeTerm).join(', ')}` : ''}\n  broker: ${why}\n  record: ${dir}\n`);
    // Ctrl-C: the run in progress stops cleanly (its own handler), and the loop stops after it.
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let result;
    try {
      result = await runTune(
        profile,
        { maxSteps: flags.maxSteps, objective, minChange },
        {
          broker: control,
          signal: controller.signal,
          ...(baseline ? { baseline } : {}),
          dirFor: (i, label) => join(dir, `step-${String(i).padStart(2, '0')}-${label}`),
          async runStep(stepProfile, stepDir) {
            await executeRun(stepProfile, { ...flags, out: stepDir, silent: true, metricsLinger: 0 });
            return readStep(stepDir);
          },
          onStart: (i, what) => err.write(`  step ${i}: ${what}\n`),
          onSkip: (k) => err.write(`  not applied: ${k.finding.id}: ${k.reason}\n`),
          onStep: (s) =>
            err.write(
              `${s.index === 0 && baseline ? `  step 0: ${baseline.dir}\n` : ''}    → ${formatRate(s.figures.throughput)}, publish p99 ${formatMs(s.figures.publishP99)}, e2e p99 ${formatMs(s.figures.e2eP99)}, primary ${s.primary?.id ?? 'none'}: ${s.decision}${s.index > 0 ? ` (${s.reasons.join('; ')})` : ''}\n`,
            ),
        },
      );
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    writeFileSync(join(dir, 'tune.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(dir, 'tune.md'), renderTuneMarkdown(result));
    writeFileSync(join(dir, 'tune.html'), renderTuneHtml(result, await loadChartAssets()));
    err.write(`\n  ${tuneHeadline(result)}\n  stopped: ${result.stoppedBecause}\n  report: ${join(dir, 'tune.md')}, tune.html, tune.json\n`);
    process.exitCode = controller.signal.aborted || result.stoppedBecause === 'interrupted' ? ExitCode.Interrupted : result.objectiveMet === false ? ExitCode.ThresholdsFailed : ExitCode.Ok;
  });
}
