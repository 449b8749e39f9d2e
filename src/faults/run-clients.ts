/** Which broker connections are a run's clients: the name every driver gives its producer and consumer connections. */

/** True for a producer or consumer connection of run `runId` (`mqload-<runId>-w<worker>-<id>`; not its admin or probe connections). */
export function isRunClientConnection(clientName: string | undefined, runId: string): boolean {
  if (clientName === undefined || !clientName.startsWith(`mqload-${runId}-w`)) return false;
  return !/-(admin|probe)$/.test(clientName);
}
