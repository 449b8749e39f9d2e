/**
 * Kubernetes object names for one segmented run. Every object of a run is named after its run id,
 * so that two rendered runs never collide in one namespace and `kubectl get jobs` says which run a
 * Job belongs to.
 */

/** Longest base name: `<base>-records` (54) and the pods' `<base>-<index>` hostnames stay within 63. */
const MAX_BASE = 46;

/** A DNS-1123 label made of `text`: lowercase letters, digits and '-', starting and ending alphanumeric. */
export function dnsLabel(text: string, max = 63): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return label === '' ? 'x' : label;
}

/** Is `name` a DNS-1123 label (namespaces, claim and secret names given on the command line)? */
export function isDnsLabel(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name);
}

/** The names of a run's objects. */
export interface RunObjectNames {
  /** The Indexed Job of the segments, and the base of the others. */
  segments: string;
  merge: string;
  profile: string;
  records: string;
}

/** Object names for run id `runId` (any run id `mqload run --run-id` accepts). */
export function objectNames(runId: string): RunObjectNames {
  const base = dnsLabel(`mqload-${runId}`, MAX_BASE);
  return { segments: base, merge: `${base}-merge`, profile: `${base}-profile`, records: `${base}-records` };
}
