/**
 * `mqload validate` and `mqload run` agree: for every shipped profile and a set of invalid ones,
 * validate's exit code equals the exit code of run's preflight (which comes before any broker
 * contact). In-process through `validateOne` and `preflightRun`, then through real CLI spawns:
 * `validate`, `run --dry-run`, and `run` against an unreachable broker (a preflight failure
 * comes first, so it exits 2 at once instead of 3 after the connect timeout).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { validateOne } from '../../src/cli/validate.js';
import { preflightRun } from '../../src/cli/run.js';
import { MqloadError } from '../../src/errors.js';
import { listShippedProfiles, resolveProfileArg } from '../../src/profile/load.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mqload-preflight-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function runPreflightCode(file: string): Promise<number> {
  try {
    await preflightRun(file, {});
    return 0;
  } catch (err) {
    if (err instanceof MqloadError) return err.exitCode;
    throw err;
  }
}

function shipped(name: string): Record<string, any> {
  return parse(readFileSync(resolveProfileArg(name), 'utf8')) as Record<string, any>;
}

function withoutThresholds(p: Record<string, any>): Record<string, any> {
  const { thresholds: _dropped, ...rest } = p;
  return rest;
}

/** Invalid (or environment-refused) profiles with the exit code both commands must give, and a text the output must contain. */
const CASES: Array<{ name: string; text: string; code: number; says: RegExp; env?: Record<string, string> }> = [
  { name: 'unknown-kind', text: stringify({ ...shipped('quickstart'), driver: { type: 'nats', brokers: ['127.0.0.1:4222'] } }), code: 2, says: /\/driver\/type: driver.type "nats" is not available/ },
  { name: 'typo-key', text: stringify({ ...shipped('quickstart'), producer: { count: 1 } }), code: 2, says: /\/producer: unknown key/ },
  { name: 'threshold-null', text: stringify({ ...shipped('quickstart'), thresholds: { e2e_latency: null } }), code: 2, says: /\/thresholds\/e2e_latency/ },
  { name: 'broken-yaml', text: 'name: x\ndriver: { type: kafka\n', code: 2, says: /YAML syntax error/ },
  {
    name: 'broker-fault-elsewhere',
    text: stringify({ ...shipped('faults-broker-restart'), driver: { type: 'kafka', brokers: ['10.1.2.3:9092'] } }),
    code: 2,
    says: /acts on the broker started by `mqload local up`/,
  },
  {
    name: 'consumer-crash-without-consumers',
    text: stringify({ ...withoutThresholds(shipped('faults-consumer-crash')), consumers: { groups: 0, perGroup: 0 } }),
    code: 2,
    says: /consumer-crash fault needs consumers/,
  },
  { name: 'client-missing', text: stringify({ ...shipped('quickstart'), driver: { type: 'kafka', brokers: ['127.0.0.1:9092'], client: 'kafkajs' } }), code: 4, says: /not installed/, env: { MQLOAD_HIDE_CLIENTS: 'kafkajs' } },
];

function fileFor(c: (typeof CASES)[number]): string {
  const file = join(dir, `${c.name}.yaml`);
  writeFileSync(file, c.text);
  return file;
}

/** Runs `fn` with extra environment variables set, restoring them afterwards. */
async function withEnv<T>(env: Record<string, string> | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('every shipped profile: validate and run\'s preflight both accept it', async () => {
  const names = listShippedProfiles();
  assert.ok(names.length >= 10);
  for (const name of names) {
    const v = await validateOne(name);
    assert.equal(v.exitCode, 0, `${name}: ${v.lines.join('\n')}`);
    assert.equal(await runPreflightCode(name), 0, name);
  }
});

test('invalid profiles: validate and run\'s preflight refuse each with the same exit code and message', async () => {
  for (const c of CASES) {
    const file = fileFor(c);
    await withEnv(c.env, async () => {
      const v = await validateOne(file);
      assert.equal(v.exitCode, c.code, `${c.name}: ${v.lines.join('\n')}`);
      assert.match(v.lines.join('\n'), c.says, c.name);
      assert.equal(await runPreflightCode(file), c.code, c.name);
      await assert.rejects(preflightRun(file, {}), (err: unknown) => err instanceof MqloadError && c.says.test(`${err.message}\n${err.hint}`), c.name);
    });
  }
});

test('CLI: validate and run --dry-run exit alike; run refuses before contacting an unreachable broker', { timeout: 120_000 }, async () => {
  const common = ['--no-report', '--quiet', '--metrics-port', '0', '--workers', '1'];
  const ok = await Promise.all([runCli(['validate', 'quickstart']), runCli(['run', 'quickstart', '--dry-run', ...common])]);
  assert.deepEqual(ok.map((r) => r.code), [0, 0], ok.map((r) => r.stderr).join('\n'));
  assert.match(ok[1]!.stdout, /dry run: nothing was sent/);
  assert.match(ok[1]!.stdout, /producers: 2 async/);
  for (const c of CASES) {
    const file = fileFor(c);
    const out = join(dir, `run-${c.name}`);
    const started = Date.now();
    const [v, dry, unreachable] = await Promise.all([
      runCli(['validate', file], { env: c.env }),
      runCli(['run', file, '--dry-run', ...common], { env: c.env }),
      runCli(['run', file, '--brokers', '127.0.0.1:1', '--out', out, ...common], { env: c.env }),
    ]);
    const shown = `${c.name}\nvalidate: ${v.stderr}\nrun --dry-run: ${dry.stderr}\nrun: ${unreachable.stderr}`;
    assert.equal(v.code, c.code, shown);
    assert.equal(dry.code, c.code, shown);
    // A profile refused by the preflight is refused even with --brokers pointing nowhere: 2 (or 4), not 3 after the connect timeout.
    assert.equal(unreachable.code, c.code, shown);
    assert.ok(Date.now() - started < 15_000, `${c.name}: took ${Date.now() - started} ms; the broker was contacted`);
    for (const r of [v, dry, unreachable]) {
      assert.match(r.stderr, c.says, shown);
      assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, `no stack trace: ${shown}`);
    }
  }
});
