/**
 * mqload command-line entry. Each command lives in its own file under `src/cli/` and exports
 * `register(program)`. User errors ({@link MqloadError}) print a message and a hint and exit with
 * their documented code; anything else is a bug (exit 1) and prints its stack.
 */
import { Command, CommanderError } from 'commander';
import { MqloadError, ExitCode } from '../errors.js';
import { commands } from './commands.js';
import { redactText } from '../profile/redact.js';

/** Runs the CLI with `argv` (as `process.argv`). Sets `process.exitCode`; never calls exit on success. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('mqload')
    .description('Load testing and bottleneck analysis for message brokers')
    .version('0.1.0')
    .showHelpAfterError('(run `mqload --help` for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

/** Prints a user-facing error (secrets redacted) and returns the exit code to use. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.Ok;
    return ExitCode.Usage; // commander already printed the message
  }
  if (err instanceof MqloadError) {
    process.stderr.write(redactText(`mqload: ${err.message}\nhint: ${err.hint}\n`));
    return err.exitCode;
  }
  process.stderr.write(redactText(`mqload: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
  return ExitCode.Internal;
}
