/** Which broker connections are a run's clients: the name every driver gives its producer and consumer connections. */

/** True for a producer or consumer connection of run `runId` (`mqload-<runId>-w<worker>-<id>`; not its admin or probe connections). */
export function isRunClientConnection(clientName: string | undefined, runId: string): boolean {
  if (clientName === undefined || !clientName.startsWith(`mqload-${runId}-w`)) return false;
  return !/-(admin|probe)$/.test(clientName);
}

/**
 * The client a connection name belongs to: the name without the `-r<n>` a reconnect adds (see
 * drivers/amqp10/connection.ts `connectionName`), so a client counts as back whatever its new
 * connection is called.
 */
export function clientOfConnection(name: string): string {
  return name.replace(/-r\d+$/, '');
}
