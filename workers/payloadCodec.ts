/**
 * Temporal payload encryption: every payload PX360 sends to Temporal (workflow and activity inputs
 * and results, signals, queries, updates, failure details) leaves the process as AES-256-GCM
 * ciphertext, so a Temporal cluster outside the hospital's network stores nothing readable.
 *
 * An encrypted payload carries `encoding: binary/encrypted` and `encryption-key-id` metadata; its
 * data is a fresh 12-byte IV, the ciphertext of the original payload (the protobuf
 * `temporal.api.common.v1.Payload`, metadata included) and the 16-byte GCM tag. The key id is also
 * the GCM additional data, so a payload relabelled with another key id fails like a tampered one.
 *
 * Keys rotate: new payloads use the current key; payloads written under an older key decode as
 * long as that key stays in the ring. Payloads that are not `binary/encrypted` (histories recorded
 * before encryption was turned on) pass through decoding unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export interface EncryptionKey {
  id: string;
  /** 32 bytes of AES-256 key. */
  key: Buffer;
}

export interface EncryptionSettings {
  keys: EncryptionKey[];
  /** Id of the key new payloads are encrypted with; older ones only decrypt. */
  currentKeyId: string;
}

/** A payload that cannot be decrypted: unknown key id, missing data, or failed authentication. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(settings: EncryptionSettings) {
    const keys = new Map<string, Buffer>();
    for (const { id, key } of settings.keys) {
      if (!id) throw new Error('an encryption key needs an id');
      if (keys.has(id)) throw new Error(`encryption key id "${id}" appears twice`);
      if (key.length !== KEY_BYTES) throw new Error(`encryption key "${id}" has ${key.length} bytes; AES-256 needs ${KEY_BYTES}`);
      keys.set(id, Buffer.from(key));
    }
    const current = keys.get(settings.currentKeyId);
    if (!current) throw new Error(`the current encryption key "${settings.currentKeyId}" is not in the key ring`);
    this.keys = keys;
    this.current = { id: settings.currentKeyId, key: current };
  }

  /** Id of the key new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: Buffer.from(id, 'utf8') },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const id = text(payload.metadata?.[METADATA_KEY_ID]);
    if (!id) throw new PayloadDecryptionError(`an encrypted payload has no ${METADATA_KEY_ID}`);
    const key = this.keys.get(id);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload was encrypted with key "${id}", which is not in the key ring (${[...this.keys.keys()].join(', ')}); ` +
          'keep retired keys in PX_TEMPORAL_ENCRYPTION_KEYS while histories that use them exist',
      );
    }
    const data = payload.data ? Buffer.from(payload.data) : Buffer.alloc(0);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`encrypted payload (key "${id}") is too short to be one`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key "${id}") failed authentication: it was altered, or the key with this id is not the one it was written with`);
    }
    const decoded = temporal.api.common.v1.Payload.decode(plain);
    return { metadata: { ...decoded.metadata }, data: decoded.data };
  }
}

/** The codec for the configured key ring, or undefined when encryption is off. */
export function payloadCodecFor(settings: EncryptionSettings | undefined): AesGcmPayloadCodec | undefined {
  return settings ? new AesGcmPayloadCodec(settings) : undefined;
}

/**
 * The data converter clients and workers use with `codec`: payloads through the codec, and failure
 * messages and stack traces moved into a payload (`encodeCommonAttributes`), so the codec covers
 * them too. Undefined without a codec: the SDK's defaults.
 */
export function temporalDataConverter(codec: PayloadCodec | undefined): DataConverter | undefined {
  if (!codec) return undefined;
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');
