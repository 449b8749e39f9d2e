/**
 * Works around a protocol bug of @platformatic/kafka 1.35.0: its `Reader.readTaggedFields` reads
 * the count of tagged fields as a zigzag varint and then skips that many bytes, where Kafka's
 * flexible versions (KIP-482) write an unsigned varint count followed by `tag, size, data` per
 * field. With no tagged fields (the common case) both agree; with one they do not, and the rest
 * of the response is misread. Kafka ≥ 3.7 sends tagged fields in Produce responses on
 * NOT_LEADER_OR_FOLLOWER (KIP-951: CurrentLeader per partition, NodeEndpoints at the top), which
 * happens right after a topic is created and on every leader change: the library then fails the
 * send with "Out of bounds" instead of retrying on the new leader. Installed once per process
 * when the client module loads; idempotent.
 */
import { Reader } from '@platformatic/kafka';

const kPatched = Symbol.for('mqload.platformatic.taggedFields');

interface PatchableReader {
  readUnsignedVarInt(): number;
  skip(length: number): unknown;
}

/** Kafka's tagged-field section: unsigned varint count, then per field an unsigned varint tag and size and `size` bytes. */
function readTaggedFields(this: PatchableReader): void {
  const count = this.readUnsignedVarInt();
  for (let i = 0; i < count; i++) {
    this.readUnsignedVarInt(); // tag
    this.skip(this.readUnsignedVarInt());
  }
}

/** Replaces the library's tagged-field reader with Kafka's format (once per process). */
export function installTaggedFieldsFix(): void {
  const proto = Reader.prototype as unknown as Record<PropertyKey, unknown>;
  if (proto[kPatched]) return;
  proto['readTaggedFields'] = readTaggedFields;
  proto[kPatched] = true;
}
