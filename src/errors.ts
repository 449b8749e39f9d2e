/**
 * Errors a user can cause, each mapped to a documented exit code (see README "Exit codes").
 * The CLI prints `message` and `hint` and exits with `exitCode`; it never prints a stack trace
 * for these. Anything else is a bug and exits with {@link ExitCode.Internal}.
 */

/** Documented process exit codes. 99 follows k6's "thresholds failed" convention. */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  Usage: 2,
  BrokerUnreachable: 3,
  Environment: 4,
  ThresholdsFailed: 99,
  Interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of every user-facing error. */
export class MqloadError extends Error {
  constructor(
    message: string,
    /** One line telling the user what to do about it. */
    readonly hint: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad flag, a bad argument, a missing file. Exit 2. */
export class UsageError extends MqloadError {
  constructor(message: string, hint = 'run `mqload --help` for usage') {
    super(message, hint, ExitCode.Usage);
  }
}

/** One problem found in a profile, with the JSON path of the offending field. */
export interface ProfileProblem {
  /** JSON-pointer-like path, e.g. `/producers/maxInFlight`. `/` for the whole profile. */
  path: string;
  message: string;
  hint?: string;
}

/** A profile that failed validation. Carries every problem, not just the first. Exit 2. */
export class ConfigError extends MqloadError {
  constructor(
    readonly source: string,
    readonly problems: ProfileProblem[],
  ) {
    super(
      `invalid profile ${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`).join('\n'),
      'fix the fields listed above; `mqload validate <profile>` checks a profile without touching a broker',
      ExitCode.Usage,
    );
  }
}

/** The broker did not answer within the connect timeout. Exit 3. */
export class BrokerUnreachableError extends MqloadError {
  constructor(
    readonly addresses: string[],
    detail: string,
    /** What to do, when the cause is known (a TLS setting, say); by default: check the address. */
    hint = 'check the address and that the broker is running; for the embedded broker run `npx mqload local up`',
  ) {
    super(`broker unreachable at ${addresses.join(', ')}: ${detail}`, hint, ExitCode.BrokerUnreachable);
  }
}

/** Something missing on this machine (Java, Maven, a port taken). Exit 4. */
export class EnvironmentError extends MqloadError {
  constructor(message: string, hint: string) {
    super(message, hint, ExitCode.Environment);
  }
}

/** Returns a short text for any thrown value, for counting and logging per-message failures. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
