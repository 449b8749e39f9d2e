/**
 * `mqload quickstart` (what `npm start` runs): starts the embedded local Kafka broker if it is
 * not running, runs `profiles/quickstart.yaml` against it, prints the summary and writes the
 * report. The broker keeps running afterwards (`mqload local down` stops it).
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { localUp } from '../local/kafka/index.js';
import { repoRoot } from '../local/paths.js';
import { loadProfile } from '../profile/load.js';
import { addRunOptions, executeRun, type RunCommandOptions } from './run.js';

export function register(program: Command): void {
  const cmd = program
    .command('quickstart')
    .description('start the local Kafka broker if needed and run profiles/quickstart.yaml against it');
  addRunOptions(cmd);
  cmd.action(async (options: RunCommandOptions) => {
    const up = await localUp({ log: (line) => process.stderr.write(`mqload local: ${line}\n`) });
    process.stderr.write(
      up.alreadyRunning
        ? `mqload: local Kafka already running at ${up.state.bootstrap}\n`
        : `mqload: local Kafka started at ${up.state.bootstrap} in ${(up.startupMs / 1000).toFixed(1)} s (stop it with: npx mqload local down)\n`,
    );
    const profile = await loadProfile(join(repoRoot(), 'profiles', 'quickstart.yaml'));
    const brokers = [up.state.bootstrap];
    const { exitCode } = await executeRun({ ...profile, driver: { ...profile.driver, brokers } }, options);
    process.exitCode = exitCode;
  });
}
