/**
 * Message key strategies: `none` (no key), `round-robin` (cycle over keySpace keys),
 * `random` (uniform over keySpace), `hot` (a share `hotShare` of messages on one key, the rest uniform).
 * Keys look like `k-<n>`; they are the business id a database sink uses as unique key
 * together with the producer stamp.
 */
export type KeyPicker = (seq: number) => Buffer | null;

/** Returns a key picker; keys are pre-built so picking allocates nothing. */
export function createKeyPicker(strategy: 'none' | 'round-robin' | 'random' | 'hot', keySpace: number, hotShare: number, offset = 0): KeyPicker {
  if (strategy === 'none') return () => null;
  const keys = Array.from({ length: keySpace }, (_, i) => Buffer.from(`k-${i}`));
  switch (strategy) {
    case 'round-robin':
      return (seq) => keys[(seq + offset) % keySpace]!;
    case 'random':
      return () => keys[Math.floor(Math.random() * keySpace)]!;
    case 'hot':
      return () => (Math.random() < hotShare ? keys[0]! : keys[Math.floor(Math.random() * keySpace)]!);
  }
}
