/**
 * Property: every shipped profile, however mutated (wrong types at every path, deleted keys,
 * absurd numbers, unknown keys at every object, broken YAML/JSON), is either valid (exit 0) or
 * refused with exit 2 naming its problems (4 only when a client library is missing), never an
 * uncaught exception (exit 1); and `mqload run`'s preflight gives the same exit code as
 * `mqload validate`. In-process, through the functions the commands call (`validateOne`,
 * `preflightRun`), with a bounded number of runs (MQLOAD_FUZZ_RUNS per profile, default 25).
 * Then the crashes fuzzing found, as fixed examples, and the same contract through real CLI spawns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearMaskedSecrets } from '../src/profile/redact.js';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { validateOne, type ValidateOutcome } from '../src/cli/validate.js';
import { preflightRun } from '../src/cli/run.js';
import { MqloadError } from '../src/errors.js';
import { profileMutationArb, mutatedProfileText, shippedProfiles, type ProfileMutation } from './helpers/profile-mutations.js';
import { runCli } from './helpers/cli.js';

const RUNS_PER_PROFILE = Number(process.env.MQLOAD_FUZZ_RUNS ?? 25);
const dir = mkdtempSync(join(tmpdir(), 'mqload-fuzz-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Exit code `mqload run` would give at its preflight: 0 when it would go on to contact the broker. */
async function runPreflightCode(file: string): Promise<number> {
  try {
    await preflightRun(file, {});
    return 0;
  } catch (err) {
    if (err instanceof MqloadError) return err.exitCode;
    throw err;
  }
}

/** Asserts the validate contract on one outcome; returns it. */
function assertContract(v: ValidateOutcome, text: string): ValidateOutcome {
  const shown = `${v.lines.join('\n')}\n--- profile ---\n${text}`;
  assert.ok([0, 2, 4].includes(v.exitCode), `exit ${v.exitCode}: ${shown}`);
  assert.equal(v.ok, v.exitCode === 0, shown);
  if (v.exitCode === 4) assert.match(v.lines.join('\n'), /not installed/, shown);
  if (v.exitCode === 2) {
    assert.ok(v.lines.length >= 2, shown);
    // A problem list: every problem names its path (a JSON pointer).
    if (/\d+ problems?$/.test(v.lines[0]!)) {
      for (const l of v.lines.slice(1)) assert.match(l, /^ {4}\/.*?: \S|^ {8}hint: /, shown);
    }
  }
  assert.doesNotMatch(v.lines.join('\n'), /\n\s+at .*:\d+:\d+|TypeError|ReferenceError|undefined \(reading/, shown);
  return v;
}

let fileSeq = 0;
/** Writes the mutated profile, runs validate and run's preflight on it, asserts they agree. */
async function check(base: unknown, m: ProfileMutation): Promise<number> {
  const text = mutatedProfileText(base, m);
  const file = join(dir, `m${fileSeq++}.${m.format}`);
  writeFileSync(file, text);
  const v = assertContract(await validateOne(file), text);
  assert.equal(await runPreflightCode(file), v.exitCode, `run's preflight disagrees with validate (${v.exitCode}): ${v.lines.join('\n')}\n${text}`);
  return v.exitCode;
}

test('every shipped profile, mutated, is valid or refused with exit 2 — never a crash — and run agrees', { timeout: 120_000 }, async () => {
  const profiles = shippedProfiles();
  assert.ok(profiles.length >= 10, `shipped profiles: ${profiles.map((p) => p.name).join(', ')}`);
  const seen = new Map<number, number>();
  for (const { name, data } of profiles) {
    await fc.assert(
      fc.asyncProperty(profileMutationArb(), async (m) => {
        const code = await check(data, m);
        seen.set(code, (seen.get(code) ?? 0) + 1);
      }),
      { numRuns: RUNS_PER_PROFILE },
    ).catch((err: unknown) => {
      const cause = err instanceof Error && err.cause instanceof Error ? `\ncause: ${err.cause.message}` : '';
      throw new Error(`${name}: ${err instanceof Error ? err.message : String(err)}${cause}`);
    });
  }
  // The mutations reach both outcomes: they are not all parse errors, nor all harmless.
  assert.ok((seen.get(0) ?? 0) > 0 && (seen.get(2) ?? 0) > 0, `outcomes: ${JSON.stringify([...seen])}`);
});

/** Writes `text` as a profile file and returns validate's outcome, checked against the contract, with run's preflight code. */
async function outcomeOf(name: string, text: string): Promise<ValidateOutcome & { runCode: number }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  // Loading registers a profile's secret values process-wide (one profile per CLI process); a
  // mutated secret field (a number in driver.url) must not mask the next case's output.
  clearMaskedSecrets();
  const v = assertContract(await validateOne(file), text);
  return { ...v, runCode: await runPreflightCode(file) };
}

const QUICK = shippedProfiles().find((p) => p.name === 'quickstart')!.data as Record<string, unknown>;

/** The quickstart with `edit` applied to a copy, as YAML text. */
function quickstartWith(edit: (p: Record<string, any>) => void): string {
  const p = structuredClone(QUICK) as Record<string, any>;
  edit(p);
  return stringify(p);
}

test('found by fuzzing: a threshold that is not a list is a problem at its path (it crashed describePlan)', async () => {
  for (const value of [null, true, 'p(99)<1', { a: 1 }]) {
    const v = await outcomeOf('threshold.yaml', quickstartWith((p) => (p.thresholds.e2e_latency = value)));
    assert.equal(v.exitCode, 2, v.lines.join('\n'));
    assert.equal(v.runCode, 2);
    assert.ok(v.lines.some((l) => l.startsWith('    /thresholds/e2e_latency: must be an array')), v.lines.join('\n'));
  }
});

test('found by fuzzing: a map or list used as a key is a YAML problem at its line (its many-line text became a path)', async () => {
  const body = stringify(QUICK);
  for (const [text, kind, line] of [
    [`? producers:\n    count: 2\n${body}`, 'map', 1],
    [`${body}? [a, b]\n: 1\n`, 'list', body.split('\n').length],
    [`? |\n  two\n  lines\n: 1\n${body}`, 'key of several lines', 1],
  ] as const) {
    const v = await outcomeOf('collection-key.yaml', text);
    assert.equal(v.exitCode, 2, v.lines.join('\n'));
    assert.equal(v.runCode, 2);
    const what = kind === 'key of several lines' ? 'a key of several lines' : `a ${kind} is used as a key`;
    assert.ok(v.lines.some((l) => l.startsWith(`    /: YAML: ${what} at line ${line},`)), v.lines.join('\n'));
  }
});

test('found by fuzzing: a YAML alias without its anchor is a YAML error (it crashed the loader)', async () => {
  const text = `<<: *x\n${stringify(QUICK)}`;
  const v = await outcomeOf('alias.yaml', text);
  assert.equal(v.exitCode, 2, v.lines.join('\n'));
  assert.equal(v.runCode, 2);
  assert.match(v.lines.join('\n'), /\/: YAML error: Unresolved alias.*x/);
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
  const b = await outcomeOf('bomb.yaml', `${bomb}\n`);
  assert.equal(b.exitCode, 2, b.lines.join('\n'));
  assert.match(b.lines.join('\n'), /YAML error: .*alias/i);
});

test('absurd durations and numbers are refused at their path, NaN and Infinity shown as such', async () => {
  const cases: Array<[string, (p: Record<string, any>) => void, RegExp]> = [
    ['/load/phases/0/duration', (p) => (p.load.phases[0].duration = 1e308), /at most 168h \(got 1e\+308\)/],
    ['/load/phases/0/duration', (p) => (p.load.phases[0].duration = '99999999999h'), /at most 168h \(got "99999999999h"\)/],
    ['/load/warmup', (p) => (p.load.warmup = '169h'), /at most 168h/],
    ['/load/phases/0/rate', (p) => (p.load.phases[0].rate = NaN), /\(got NaN\)/],
    ['/message/size', (p) => (p.message.size = Infinity), /\(got Infinity\)/],
    ['/producers/count', (p) => (p.producers.count = 2 ** 53 + 2), /≤ 10000/],
    ['/producers/count', (p) => (p.producers.count = 1.5), /integer/],
  ];
  for (const [path, edit, message] of cases) {
    const v = await outcomeOf('absurd.yaml', quickstartWith(edit));
    assert.equal(v.exitCode, 2, v.lines.join('\n'));
    assert.equal(v.runCode, 2);
    const line = v.lines.find((l) => l.startsWith(`    ${path}: `));
    assert.ok(line, `${path} in ${v.lines.join('\n')}`);
    assert.match(line, message);
  }
  const ok = await outcomeOf('long.yaml', quickstartWith((p) => (p.load.phases[0].duration = '168h')));
  assert.equal(ok.exitCode, 0, ok.lines.join('\n'));
});

test('CLI: `mqload validate` on fuzzed profiles exits as the in-process validation says, without a stack trace', { timeout: 120_000 }, async () => {
  const profiles = shippedProfiles();
  // A fixed seed: the same handful of files every time; the property test above explores.
  const samples = fc.sample(profileMutationArb(), { numRuns: 8, seed: 20261202 });
  const files = samples.map((m, i) => {
    const { data } = profiles[(i * 5) % profiles.length]!;
    const file = join(dir, `cli${i}.${m.format}`);
    writeFileSync(file, mutatedProfileText(data, m));
    return file;
  });
  files.push(join(dir, 'cli-valid.yaml'));
  writeFileSync(files[files.length - 1]!, stringify(QUICK));
  const expected = await Promise.all(files.map(async (f) => (await validateOne(f)).exitCode));
  assert.ok(expected.includes(0) && expected.includes(2), `in-process codes: ${expected.join(', ')}`);
  for (let i = 0; i < files.length; i += 3) {
    const batch = files.slice(i, i + 3);
    const results = await Promise.all(batch.map((f) => runCli(['validate', f])));
    results.forEach((r, j) => {
      const shown = `${batch[j]}: exit ${r.code}\n${r.stdout}${r.stderr}\n--- profile ---\n${readFileSync(batch[j]!, 'utf8')}`;
      assert.equal(r.code, expected[i + j], shown);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at .*:\d+:\d+/, shown);
    });
  }
});
