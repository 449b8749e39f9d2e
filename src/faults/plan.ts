/**
 * A profile's `faults:` resolved for a run, and the start-time check that broker faults can be
 * injected: they act on the broker process `mqload local up` started (its state file), so the
 * profile must point at that broker and it must be running. Anything else is refused with exit 2.
 */
import type { FaultSpec, Profile } from '../profile/schema.js';
import { parseDurationMs } from '../profile/duration.js';
import { UsageError } from '../errors.js';
import { localLauncher, type BrokerFaultAction, type LocalBroker } from '../local/index.js';
import { KIND_FAULTS } from './kinds.js';

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
  /** broker-kill / consumer-crash / broker-restart (RabbitMQ): how long it stays down, ms. */
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
    // broker-restart: how long the broker stays stopped, where its launcher honours it (0: at once).
    downForMs: f.downFor === undefined ? (f.action === 'broker-restart' ? 0 : DEFAULT_DOWN_FOR_MS) : parseDurationMs(f.downFor),
    ...(f.command !== undefined ? { command: f.command } : {}),
  }));
  return faults.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Throws {@link UsageError} (exit 2) when the profile's faults cannot run: broker faults need a
 * profile whose kind has a local launcher (`src/local/index.ts`) that can inject that action,
 * `allowSharedBroker: true` when that broker is shared (this machine's RabbitMQ), and the
 * profile pointing at the running broker; connection-kill needs a kind that can close the run's
 * connections (`kinds.ts`); consumer crashes need consumers. `local` is the local broker as
 * recorded (default: its launcher's record).
 */
export function assertFaultsRunnable(profile: Profile, local: LocalBroker | null = localLauncher(profile.driver.type)?.recorded() ?? null): void {
  const faults = profile.faults ?? [];
  const index = faults.findIndex((f) => BROKER_ACTIONS.has(f.action));
  const broker = faults[index];
  if (broker) {
    const launcher = localLauncher(profile.driver.type);
    const what = `fault ${broker.action} (faults[${index}]) acts on ${launcher?.shared ? "this machine's broker" : 'the broker started by `mqload local up`'}`;
    if (!launcher) throw new UsageError(`${what}, but this profile uses ${profile.driver.type}`, 'remove broker faults, or use an exec fault with your own command');
    const unsupported = faults.find((f) => BROKER_ACTIONS.has(f.action) && !launcher.brokerFaults.has(f.action as BrokerFaultAction));
    if (unsupported) {
      throw new UsageError(
        `fault ${unsupported.action} is not available for ${profile.driver.type} (mqload can do ${[...launcher.brokerFaults].join(', ')} there)`,
        `use ${[...launcher.brokerFaults, ...(KIND_FAULTS[profile.driver.type] ? ['connection-kill'] : [])].join(' or ')}, or an exec fault with your own command`,
      );
    }
    const shared = faults.findIndex((f) => BROKER_ACTIONS.has(f.action) && f.allowSharedBroker !== true);
    if (launcher.shared && shared >= 0) {
      throw new UsageError(
        `fault ${faults[shared]!.action} (faults[${shared}]) would stop this machine's ${profile.driver.type} broker, which mqload did not start and other clients may be using`,
        `set faults[${shared}].allowSharedBroker: true if stopping it is fine, or use connection-kill to cut only this run's connections`,
      );
    }
    if (!local || !launcher.isAlive(local)) {
      throw new UsageError(
        `${what}, and it is not running`,
        launcher.shared ? 'start the broker on this machine first, or use an exec fault to act on your own broker' : 'start it with `npx mqload local up`, or use an exec fault to act on your own broker',
      );
    }
    const foreign = launcher.foreignAddresses(profile.driver, local);
    if (foreign.length > 0) {
      throw new UsageError(
        `${what} (${local.bootstrap}), but the profile connects to ${foreign.join(', ')}`,
        `point the profile's driver at ${local.bootstrap}, or use an exec fault to act on that broker`,
      );
    }
  }
  if (faults.some((f) => f.action === 'connection-kill') && !KIND_FAULTS[profile.driver.type]) {
    throw new UsageError(`fault connection-kill is not available for ${profile.driver.type}`, 'use a broker fault, or an exec fault with your own command');
  }
  const consumers = profile.consumers ?? { groups: 1, perGroup: 1 };
  if (faults.some((f) => f.action === 'consumer-crash') && consumers.groups * consumers.perGroup === 0) {
    throw new UsageError('a consumer-crash fault needs consumers, but this profile runs none', 'set consumers.groups and perGroup ≥ 1, or remove the fault');
  }
}
