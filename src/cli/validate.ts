/**
 * `mqload validate <profile...>`: checks profiles without contacting a broker, with exactly the
 * preflight `mqload run` makes (`run/preflight.ts`). Prints a summary of what each valid profile
 * would do, or every problem with its path and hint (secrets redacted). Exit 2 when any profile is
 * invalid (or missing), 4 when only a client library is missing, 0 otherwise.
 */
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, ExitCode, MqloadError } from '../errors.js';
import { describePlan } from '../plan/summary.js';
import { resolveProfileArg } from '../profile/load.js';
import { redactText } from '../profile/redact.js';
import { preflight } from '../run/preflight.js';

/** Outcome of checking one profile argument. */
export interface ValidateOutcome {
  arg: string;
  ok: boolean;
  /** Lines to print (summary or problems). */
  lines: string[];
  /** Exit code this outcome asks for (0 when ok; 2 for a bad profile, 4 for a missing client). */
  exitCode: number;
}

/** Runs the preflight on one profile argument; user errors become a failed outcome. Lines have secrets redacted. */
export async function validateOne(arg: string): Promise<ValidateOutcome> {
  const outcome = await check(arg);
  return { ...outcome, lines: outcome.lines.map(redactText) };
}

async function check(arg: string): Promise<ValidateOutcome> {
  const path = displayPath(resolveProfileArg(arg));
  try {
    const { profile, plan } = await preflight(path);
    return { arg: path, ok: true, exitCode: ExitCode.Ok, lines: [`✓ ${path}: profile "${profile.name}" ok`, ...describePlan(plan).map((l) => `    ${l}`)] };
  } catch (err) {
    if (err instanceof ConfigError) {
      return {
        arg: path,
        ok: false,
        exitCode: ExitCode.Usage,
        lines: [
          `✗ ${path}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`,
          ...err.problems.flatMap((p) => [`    ${p.path}: ${p.message}`, ...(p.hint ? [`        hint: ${p.hint}`] : [])]),
        ],
      };
    }
    if (err instanceof MqloadError) return { arg: path, ok: false, exitCode: err.exitCode, lines: [`✗ ${path}: ${err.message}`, `    hint: ${err.hint}`] };
    throw err;
  }
}

/** A path relative to the working directory when it lies under it (shorter to read). */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Registers `validate`. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('check profiles (schema, cross-field rules, thresholds) without contacting a broker')
    .argument('<profile...>', 'profile files (.yaml/.json) or shipped profile names such as quickstart')
    .action(async (args: string[]) => {
      let failed = 0;
      let code: number = ExitCode.Ok;
      for (const arg of args) {
        const outcome = await validateOne(arg);
        (outcome.ok ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
        if (!outcome.ok) {
          failed++;
          // A bad profile (2) outranks a missing client (4): fix the profile first.
          code = code === ExitCode.Usage || outcome.exitCode === ExitCode.Usage ? ExitCode.Usage : outcome.exitCode;
        }
      }
      if (failed > 0) {
        if (args.length > 1) process.stderr.write(`${failed} of ${args.length} profiles invalid\n`);
        process.exitCode = code;
      }
    });
}
