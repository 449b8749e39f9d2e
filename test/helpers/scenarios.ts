/**
 * The shipped planted scenarios (profiles/scenarios/), loaded for a test: pointed at the test
 * broker and moved to a unique topic (deleted after the run), so tests never share a topic.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProfile } from '../../src/profile/load.js';
import type { Profile } from '../../src/profile/schema.js';
import { testBrokers, uniqueName } from './broker.js';

/** Directory of the shipped scenario profiles. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../../profiles/scenarios/', import.meta.url));

/** A shipped scenario against the test broker on a unique topic (`deleteAfterRun` unless told otherwise). */
export async function loadScenario(file: string, opts: { deleteAfterRun?: boolean } = {}): Promise<Profile> {
  const loaded = await loadProfile(join(SCENARIOS_DIR, file));
  const topic = uniqueName(loaded.topics[0]!.name);
  return {
    ...loaded,
    driver: { ...loaded.driver, brokers: testBrokers() },
    topics: [{ ...loaded.topics[0]!, name: topic, deleteAfterRun: opts.deleteAfterRun ?? true }],
    producers: { ...loaded.producers, topic },
    ...(loaded.consumers ? { consumers: { ...loaded.consumers, topic } } : {}),
  };
}
