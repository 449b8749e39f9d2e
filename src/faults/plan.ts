/**
 * A profile's `faults:` resolved for a run, and the start-time check that broker faults can be
 * injected: they act on the broker process `mqload local up` started (its state file), so the
 * profile must point at that broker and it must be running. Anything else is refused with exit 2.
 */
import type { FaultSpec, Profile } from '../profile/schema.js';
import { parseDurationMs } from '../profile/duration.js';
import { UsageError } from '../errors.js';
import { localLauncher, type LocalBroker } from '../local/index.js';

/** How long a killed broker or a crashed consumer stays down when `downFor` is not set, ms. */
export const DEFAULT_DOWN_FOR_MS = 5000;

export type FaultAction = FaultSpec['action'];

/** Actions that signal the local broker process. */
export const BROKER_ACTIONS: ReadonlySet<FaultAction> = new Set(['broker-restart', 'broker-kill', 'broker-pause']);

/** One fault with its times in ms. */
export interface PlannedFault {
  /** `f<index>`, used to pair `fault` and `fault-end` events. */
  id: string;
  action: FaultAction;
  /** Since load start (warm-up included), ms. */
  atMs: number;
  /** broker-pause: how long the broker stays frozen, ms. */
  durationMs: number;
  /** broker-kill / consumer-crash: how long it stays down, ms. */
  downForMs: number;
  /** exec: the shell command. */
  command?: string;
}

/** The profile's faults in injection order. */
export function planFaults(profile: Profile): PlannedFault[] {
  const faults = (profile.faults ?? []).map((f, i): PlannedFault => ({
    id: `f${i}`,
    action: f.action,
    atMs: parseDurationMs(f.at),
    durationMs: f.duration === undefined ? 0 : parseDurationMs(f.duration),
    downForMs: f.downFor === undefined ? DEFAULT_DOWN_FOR_MS : parseDurationMs(f.downFor),
    ...(f.command !== undefined ? { command: f.command } : {}),
  }));
  return faults.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Throws {@link UsageError} (exit 2) when the profile's faults cannot run: broker faults need a
 * profile whose kind has a local launcher (`src/local/index.ts`) pointing at its running broker; consumer crashes need consumers.
 * `local` is the local broker as recorded (default: its launcher's record).
 */
export function assertFaultsRunnable(profile: Profile, local: LocalBroker | null = localLauncher(profile.driver.type)?.recorded() ?? null): void {
  const faults = profile.faults ?? [];
  const broker = faults.find((f) => BROKER_ACTIONS.has(f.action));
  if (broker) {
    const what = `fault ${broker.action} acts on the broker started by \`mqload local up\``;
    const launcher = localLauncher(profile.driver.type);
    if (!launcher) throw new UsageError(`${what}, but this profile uses ${profile.driver.type}`, 'remove broker faults, or use an exec fault with your own command');
    if (!local || !launcher.isAlive(local)) throw new UsageError(`${what}, and it is not running`, 'start it with `npx mqload local up`, or use an exec fault to act on your own broker');
    const foreign = launcher.foreignAddresses(profile.driver, local);
    if (foreign.length > 0) {
      throw new UsageError(
        `${what} (${local.bootstrap}), but the profile connects to ${foreign.join(', ')}`,
        `set driver.brokers to ["${local.bootstrap}"], or use an exec fault to act on that broker`,
      );
    }
  }
  const consumers = profile.consumers ?? { groups: 1, perGroup: 1 };
  if (faults.some((f) => f.action === 'consumer-crash') && consumers.groups * consumers.perGroup === 0) {
    throw new UsageError('a consumer-crash fault needs consumers, but this profile runs none', 'set consumers.groups and perGroup ≥ 1, or remove the fault');
  }
}
