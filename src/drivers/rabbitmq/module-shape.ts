/**
 * The driver-module shape the coordinator gave `core` for `src/drivers/registry.ts`, defined
 * here until the registry lands; the merge swaps this import for the registry's.
 */
import type { TObject } from '@sinclair/typebox';
import type { ProfileCheck } from '../../profile/checks.js';
import type { BrokerKind, Driver, DriverCapabilities, DriverConfig } from '../types.js';

/** One broker kind's plug-in: its profile schema parts and checks, capabilities and driver factory. */
export interface DriverModule {
  readonly kind: BrokerKind;
  /** TypeBox schema of profile.driver for this kind (`type: Type.Literal(kind)`). */
  readonly driverSchema: TObject;
  /** TypeBox schema of one topics[] entry for this kind. */
  readonly topicSchema: TObject;
  /** Cross-field checks of this kind's profiles (guarded reads of raw data). */
  readonly checks: readonly ProfileCheck[];
  capabilities(config: DriverConfig): DriverCapabilities;
  create(config: DriverConfig, opts: { clientId: string }): Driver;
  /** Throws an EnvironmentError when the client library is not installed here. */
  requireClient(config: DriverConfig): void;
  workerIsolation(config: DriverConfig): 'thread' | 'process';
  /** Fields of `driver` (names or patterns) that hold secrets and are never written out. */
  readonly secretFields: readonly (string | RegExp)[];
}
