/**
 * `PX_TEMPORAL_ENCRYPTION_KEYS` / `PX_TEMPORAL_ENCRYPTION_KEY_ID`: the key ring of the Temporal
 * payload codec (workers/payloadCodec.ts). Messages name the variable and the key id, never key
 * material.
 */

export interface TemporalEncryption {
  keys: { id: string; key: Buffer }[];
  currentKeyId: string;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** `off` says plaintext on purpose (a Temporal cluster inside the hospital's own network). */
export const ENCRYPTION_OFF = 'off';

/**
 * The key ring from `id:base64key,id2:base64key` (32-byte keys) and the current key id (default the
 * first); undefined when unset or `off`.
 */
export function parseTemporalEncryption(keysText: string | undefined, currentKeyId: string | undefined): { settings?: TemporalEncryption; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (keysText === undefined || keysText.trim() === ENCRYPTION_OFF) {
    if (currentKeyId !== undefined) problems.push({ variable: 'PX_TEMPORAL_ENCRYPTION_KEY_ID', message: 'is set, but PX_TEMPORAL_ENCRYPTION_KEYS has no keys' });
    return { problems };
  }
  const keys: TemporalEncryption['keys'] = [];
  const entries = keysText.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push({ variable: 'PX_TEMPORAL_ENCRYPTION_KEYS', message: `${where} is not \`id:base64key\`` });
      return;
    }
    const id = entry.slice(0, colon);
    const material = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      problems.push({ variable: 'PX_TEMPORAL_ENCRYPTION_KEYS', message: `${where}: the key id must be 1-64 letters, digits, '.', '_' or '-'` });
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push({ variable: 'PX_TEMPORAL_ENCRYPTION_KEYS', message: `key id "${id}" appears more than once` });
      return;
    }
    const encoding = BASE64.test(material) ? 'base64' : BASE64URL.test(material) ? 'base64url' : undefined;
    const key = encoding ? Buffer.from(material, encoding) : undefined;
    if (!key || key.length !== 32) {
      problems.push({
        variable: 'PX_TEMPORAL_ENCRYPTION_KEYS',
        message: `key "${id}" must be 32 bytes in base64 (\`openssl rand -base64 32\`)${key ? `; it has ${key.length}` : '; it is not base64'}`,
      });
      return;
    }
    keys.push({ id, key });
  });
  if (problems.length) return { problems };
  const current = currentKeyId ?? keys[0].id;
  if (!keys.some((k) => k.id === current)) {
    problems.push({ variable: 'PX_TEMPORAL_ENCRYPTION_KEY_ID', message: `names key "${current}", which is not in PX_TEMPORAL_ENCRYPTION_KEYS (${keys.map((k) => k.id).join(', ')})` });
    return { problems };
  }
  return { settings: { keys, currentKeyId: current }, problems };
}
