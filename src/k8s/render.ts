/**
 * Rendered manifests as text: one YAML stream for `kubectl apply -f -`, or one file per object.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Manifest } from './manifests.js';

/** One object as a YAML document. */
function documentOf(m: Manifest): string {
  return stringify(m.object.toJSON(), { lineWidth: 0 });
}

/** Every object as one YAML stream, documents separated by `---`. */
export function yamlStream(manifests: readonly Manifest[]): string {
  return manifests.map((m) => `---\n${documentOf(m)}`).join('');
}

/** Writes each object to `<dir>/<file>` (creating `dir`); returns the paths written. */
export async function writeManifestFiles(dir: string, manifests: readonly Manifest[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const m of manifests) {
    const path = join(dir, m.file);
    await writeFile(path, documentOf(m));
    paths.push(path);
  }
  return paths;
}
