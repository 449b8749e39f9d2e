#!/usr/bin/env node
// Entry point: runs the compiled CLI (built by `npm ci` through the `prepare` script).
// Once the command has finished, a client library's leftover socket or timer (kafkajs can leave
// one after a consumer is closed mid-join) must not keep the process alive: an unref'd timer
// exits with the command's exit code if the process has not ended on its own within a few seconds.
const LINGER_MS = 5000;
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv))
  .then(() => {
    setTimeout(() => process.exit(), LINGER_MS).unref();
  })
  .catch((err) => {
    console.error(`mqload: could not start: ${err && err.message ? err.message : err}`);
    console.error('hint: run `npm ci` (it compiles the TypeScript sources into dist/)');
    process.exit(1);
  });
