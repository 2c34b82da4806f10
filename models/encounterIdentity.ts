import { createHash } from 'node:crypto';

/** Namespace of encounter ids (a UUID of our own, fixed for good: changing it changes every id). */
const NAMESPACE = Buffer.from('5f0c6c3e8b7a4f0e9d2a1c4b7e6f8a90', 'hex');

/**
 * The id of one visit (hospital + visit number) as a name-based UUID (RFC 9562 version 5): the
 * same visit always gets the same id, whichever door (HL7, REST, FHIR) named it first. The
 * encounter read model's row and the FHIR Encounter of the visit both carry it.
 */
export function encounterIdOf(hospitalId: string, visitNumber: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${hospitalId.toLowerCase()}\u001f${visitNumber}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
