#!/usr/bin/env node
// `npm test [-- filter ...]`: compiles the TypeScript (tsc -p .), makes sure the local Kafka broker
// runs (starting it with `mqload local up` when it does not, and stopping it afterwards only then),
// and runs every compiled test file dist/test/**/*.test.js with Node's test runner, one file at a
// time, with MQLOAD_TEST_BROKERS set. A filter runs only the files whose path contains it.
// Exits with the test runner's exit code (or tsc's / `local up`'s when those fail).
// Set MQLOAD_TEST_BROKERS yourself to test against another Kafka; the local broker is then left alone.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const filters = process.argv.slice(2);
const DEFAULT_BROKERS = '127.0.0.1:9092';

/** Runs a command synchronously with inherited output; returns its exit code. */
function run(command, args, opts = {}) {
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

/** Compiled test files whose TypeScript source still exists (stale outputs of deleted tests are skipped). */
function testFiles() {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.js')) {
        const source = join(root, relative(join(root, 'dist'), full)).replace(/\.js$/, '.ts');
        if (existsSync(source)) out.push(full);
      }
    }
  };
  const dir = join(root, 'dist', 'test');
  if (existsSync(dir)) walk(dir);
  return out
    .map((f) => relative(root, f))
    .filter((f) => filters.length === 0 || filters.some((x) => f.split(sep).join('/').includes(x)))
    .sort();
}

function mqload(args) {
  return run(process.execPath, [join(root, 'bin', 'mqload.js'), ...args]);
}

async function main() {
  console.log('> tsc -p .');
  const tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  if (tsc !== 0) {
    console.error(`tsc reported errors (exit ${tsc}); fix them first`);
    return tsc;
  }

  const files = testFiles();
  if (files.length === 0) {
    console.error(`no test files${filters.length ? ` match ${filters.join(', ')}` : ''} under dist/test`);
    return 1;
  }

  const ownBroker = process.env.MQLOAD_TEST_BROKERS === undefined || process.env.MQLOAD_TEST_BROKERS === DEFAULT_BROKERS;
  let started = false;
  if (ownBroker) {
    const status = spawnSync(process.execPath, [join(root, 'bin', 'mqload.js'), 'local', 'status'], { cwd: root, encoding: 'utf8' });
    if (status.status !== 0) {
      console.log('> mqload local up');
      const up = mqload(['local', 'up']);
      if (up !== 0) {
        console.error(`could not start the local Kafka broker (exit ${up})`);
        return up;
      }
      started = true;
    } else {
      console.log('> the local Kafka broker is already running; using it');
    }
  }

  let code = 1;
  try {
    console.log(`> node --test --test-concurrency=1 (${files.length} file${files.length === 1 ? '' : 's'})`);
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MQLOAD_TEST_BROKERS: process.env.MQLOAD_TEST_BROKERS ?? DEFAULT_BROKERS },
    });
    // Ctrl-C reaches the whole foreground process group; just wait for the runner to finish.
    const onSignal = () => undefined;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    code = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, signal) => resolve(c ?? (signal === 'SIGINT' ? 130 : 1)));
    });
    process.off('SIGINT', onSignal);
  } finally {
    if (started) {
      console.log('> mqload local down (it was started for this run)');
      const down = mqload(['local', 'down']);
      if (down !== 0) console.error(`stopping the local Kafka broker failed (exit ${down})`);
    }
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  },
);
