/**
 * Canonical serialisation and the state hash. Keys are sorted, -0 is written as 0, and non-finite
 * numbers are refused, so equal states give equal bytes on any machine.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** JSON with sorted keys; throws on NaN or Infinity (a model bug, never valid state). */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`non-finite number at ${path}`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        const arr = value as ArrayLike<unknown>;
        const parts: string[] = [];
        for (let i = 0; i < arr.length; i++) parts.push(write(arr[i], `${path}[${i}]`));
        return `[${parts.join(',')}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new Error(`cannot serialise ${typeof value} at ${path}`);
  }
}

/** SHA-256 (hex) of the canonical JSON of a value. */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}
