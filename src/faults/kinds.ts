/**
 * Faults a broker kind injects its own way, picked by kind like the collectors and launchers.
 * `connection-kill` closes the run's client connections at the broker (RabbitMQ: the management
 * API; Artemis and ActiveMQ Classic: Jolokia), so producers and consumers must notice, fail what was in flight and reconnect.
 */
import type { BrokerKind } from '../drivers/types.js';
import type { Profile } from '../profile/schema.js';
import { rabbitmqFaults } from './rabbitmq/connections.js';
import { artemisFaults } from './artemis/connections.js';
import { activemqFaults } from './activemq/connections.js';

/** The connections of one run as the broker lists them. */
export interface RunConnections {
  /** Client-provided names of the run's producer and consumer connections (`mqload-<runId>-w<i>-<id>`). */
  names: string[];
}

export interface KindFaults {
  /** The run's producer and consumer connections open at the broker now. Rejects when the broker's API does not answer. */
  runConnections(profile: Profile, runId: string): Promise<RunConnections>;
  /**
   * Closes every connection of {@link runConnections} at the broker (the client sees the
   * connection forced closed); resolves with the names closed. Rejects when none could be closed.
   */
  killConnections(profile: Profile, runId: string): Promise<string[]>;
}

/** Each kind's own faults; a kind without an entry refuses `connection-kill` (exit 2). */
export const KIND_FAULTS: Readonly<Partial<Record<BrokerKind, KindFaults>>> = {
  rabbitmq: rabbitmqFaults,
  artemis: artemisFaults,
  activemq: activemqFaults,
};
