import { hash } from 'node:crypto';
import type { OwnerReference } from 'kubernetes-types/meta/v1';

/** An object as an owner: what an ownerReference names. */
export interface Owner {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

// Namespace of Berth's name-based UUIDs (a fixed random UUID; changing it changes every uid).
const BERTH_UID_NAMESPACE = Buffer.from('6c0b8f2e5d0a4c7e9b1f3a2d4e5f6a7b', 'hex');
// namespace + name, written in place: building a new buffer per uid was most of the cost of 10,000 uids.
const scratch = Buffer.alloc(2048);
BERTH_UID_NAMESPACE.copy(scratch);

/**
 * The uid of an object. Kubernetes' API server assigns a random uid at creation; Berth has no API server and must
 * plan deterministically, so the uid is a UUIDv5 (RFC 9562, SHA-1 name-based) of kind/namespace/name: the same object
 * always has the same uid, and an object deleted and re-created under the same name gets its old uid back.
 * Desired objects do not carry metadata.uid; whatever serves them (the API) sets it with this function.
 */
export function objectUid(kind: string, namespace: string | undefined, name: string): string {
  const key = `${kind}/${namespace ?? ''}/${name}`;
  const data = key.length * 3 <= scratch.length - 16 ? scratch.subarray(0, 16 + scratch.write(key, 16, 'utf8')) : Buffer.concat([BERTH_UID_NAMESPACE, Buffer.from(key)]);
  const hex = hash('sha1', data, 'hex');
  // Version 5 in the high nibble of byte 6, variant 10xx in the high bits of byte 8.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** metav1.NewControllerRef: the reference a controller puts on what it creates. */
export function controllerRef(owner: Owner): OwnerReference {
  const { apiVersion = '', kind = '' } = owner;
  const { name = '', namespace } = owner.metadata ?? {};
  return { apiVersion, kind, name, uid: objectUid(kind, namespace, name), controller: true, blockOwnerDeletion: true };
}
