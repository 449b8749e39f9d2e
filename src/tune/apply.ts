/**
 * Applying a finding's actions ({@link FindingAction}) to a copy of a profile: a profile path set
 * to its new value, a topic's partitions raised in `topics[]`, and the local broker's settings
 * collected for a restart. The result is validated again as a profile, so a change the schema
 * refuses (more consumers than allowed, a topic mqload does not create) is not applicable rather
 * than a failed run. Pure: nothing here touches a broker.
 */
import type { FindingAction } from '../analyzer/finding-types.js';
import type { Profile } from '../profile/schema.js';
import { validateProfile } from '../profile/validate.js';
import type { LocalBrokerSetting } from '../local/types.js';

/** A profile with the actions applied, and the broker settings they ask for. */
export interface AppliedChange {
  profile: Profile;
  /** Local-broker settings to restart with (empty: no restart). */
  broker: Partial<Record<LocalBrokerSetting, string>>;
}

/** Why a set of actions cannot be applied to the profile. */
export interface NotApplicable {
  reason: string;
}

/**
 * Splits a profile path into keys: `consumers.perGroup` → [consumers, perGroup]; under
 * `driver.config.` the rest is one client property (`driver.config.linger.ms` → [driver, config, linger.ms]).
 */
export function pathKeys(path: string): string[] {
  const prefix = 'driver.config.';
  if (path.startsWith(prefix)) return ['driver', 'config', path.slice(prefix.length)];
  return path.split('.');
}

/** The value at a profile path, or undefined. */
export function valueAt(profile: Profile, path: string): unknown {
  let node: unknown = profile;
  for (const k of pathKeys(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = pathKeys(path);
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/**
 * Applies `actions` together (one tuning step) to a copy of `profile`. `localBroker`: whether the
 * profile targets a local broker mqload may restart; without one, a broker action is not
 * applicable (it is reported, not applied). Returns the changed profile or why not.
 */
export function applyActions(profile: Profile, actions: readonly FindingAction[], localBroker: boolean): AppliedChange | NotApplicable {
  if (actions.length === 0) return { reason: 'the finding has no action mqload can apply (advice only)' };
  const copy = structuredClone(profile) as unknown as Record<string, unknown>;
  const broker: AppliedChange['broker'] = {};
  for (const a of actions) {
    switch (a.target) {
      case 'profile':
        setAt(copy, a.path, a.to);
        break;
      case 'topic': {
        const topics = (copy['topics'] ?? []) as Array<Record<string, unknown>>;
        const t = topics.find((x) => x['name'] === a.name);
        if (!t) return { reason: `topic ${a.name} is not one of the profile's topics, so mqload does not create it` };
        t[a.setting] = a.to;
        break;
      }
      case 'local-broker':
        if (!localBroker) return { reason: `the broker is not the local broker mqload runs: ${a.property} ${a.to} is for its operators to apply` };
        broker[a.property] = a.to;
        break;
    }
  }
  const checked = validateProfile(copy, 'the tuned profile');
  if (!checked.profile) return { reason: `the changed profile is not valid: ${checked.problems.map((p) => `${p.path} ${p.message}`).join('; ')}` };
  return { profile: checked.profile, broker };
}

/** A stable key of a set of actions, to tell whether it was already tried. */
export function actionsKey(actions: readonly FindingAction[]): string {
  return JSON.stringify(actions.map((a) => ({ ...a, why: undefined })));
}
