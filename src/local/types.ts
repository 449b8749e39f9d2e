/**
 * A local broker launcher: one per broker kind that mqload can start or act on on this machine
 * (`src/local/<kind>/`), picked by kind in `index.ts`. Fault injection and the collectors reach
 * the local broker only through this interface, so a kind plugs in its own launcher (a RabbitMQ
 * launcher: "this machine's broker, restartable only when the profile allows it").
 */
import type { BrokerKind, DriverConfig } from '../drivers/types.js';

/** The local broker as its launcher recorded it. */
export interface LocalBroker {
  /** Process id of the broker. */
  pid: number;
  /** The client address of the broker (`127.0.0.1:<port>` or a URL). */
  bootstrap: string;
  /** JMX exporter port, where the broker has one. */
  jmxPort?: number;
  /** Data directory (the broker-process collector sizes it), where known. */
  dataDir?: string;
}

/** What {@link LocalBrokerLauncher.status} found. */
export interface LocalBrokerStatus {
  /** The recorded broker, or null when none was started here. */
  broker: LocalBroker | null;
  /** The recorded process is alive and is the broker. */
  processAlive: boolean;
  /** The broker answered its protocol within the timeout. */
  answering: boolean;
  /** Why it is not answering, when alive but silent. */
  error?: string;
}

/** Settings of a local broker that `mqload tune` may change (a restart applies them), by the names actions use. */
export type LocalBrokerSetting = 'heap' | 'num.io.threads' | 'num.network.threads';

/** The settings a launcher lets `tune` change, and how it applies them. */
export interface TunableLocalBroker {
  /** The running broker's value of each setting it can change (e.g. heap `1g`); null when it does not run. */
  current(): Partial<Record<LocalBrokerSetting, string>> | null;
  /**
   * Stops the running broker and starts it again with `change` on top of its settings; resolves
   * when it answers. Throws UsageError (exit 2) for a value the broker refuses, EnvironmentError
   * (exit 4) when it does not come back.
   */
  restartWith(change: Partial<Record<LocalBrokerSetting, string>>): Promise<LocalBroker>;
}

/** Faults that act on the broker process through its launcher. */
export type BrokerFaultAction = 'broker-restart' | 'broker-kill' | 'broker-pause';

export interface LocalBrokerLauncher {
  readonly kind: BrokerKind;
  /**
   * The broker is not one mqload started for itself (this machine's RabbitMQ, which other
   * clients may use): a broker fault on it runs only when the fault says
   * `allowSharedBroker: true` (refused with exit 2 otherwise).
   */
  readonly shared: boolean;
  /** The broker faults this launcher can inject; others are refused before the run (exit 2). */
  readonly brokerFaults: ReadonlySet<BrokerFaultAction>;
  /** The local broker as last recorded, or null; does not check it is alive. */
  recorded(): LocalBroker | null;
  /** True when the recorded process is alive and is the broker (a reused pid is not). */
  isAlive(broker: LocalBroker): boolean;
  /** Addresses of a profile's `driver` section that are not this local broker's (empty: it targets the local broker). */
  foreignAddresses(driver: DriverConfig, broker: LocalBroker): string[];
  /** Starts the broker unless it runs; resolves when it answers. Throws EnvironmentError (exit 4) when it cannot. */
  up(opts?: { warmUp?: boolean }): Promise<LocalBroker>;
  /** Whether the broker runs and answers (within `timeoutMs`); never throws for a down broker. */
  status(opts?: { timeoutMs?: number }): Promise<LocalBrokerStatus>;
  /** Stops it cleanly (SIGTERM, then SIGKILL after `graceMs`) and forgets it; `purge` also deletes its data. */
  down(opts?: { purge?: boolean; graceMs?: number }): Promise<void>;
  /**
   * Stops it and starts it again; resolves when it answers. `downForMs`: how long it stays
   * stopped, where the launcher honours it (RabbitMQ; Kafka restarts at once), cut short when
   * `signal` aborts.
   */
  restart(opts?: { warmUp?: boolean; downForMs?: number; signal?: AbortSignal }): Promise<LocalBroker>;
  /** Process ids of the running broker (empty when it is down). */
  processes(): number[];
  /**
   * Sends a signal to the broker process: SIGKILL resolves once it is gone (start it again with
   * {@link up}); SIGSTOP freezes and SIGCONT resumes it. Resolves with the broker signalled.
   */
  signal(sig: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): Promise<LocalBroker>;
  /** The settings `tune` may change by restarting this broker; absent: none. */
  readonly tunable?: TunableLocalBroker;
}
