import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { decodeOptionalFailureToOptionalError, encodeErrorToFailure } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../config';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadDecryptionError, temporalDataConverter } from './payloadCodec';

const keyA = { id: 'a-2026', key: randomBytes(32) };
const keyB = { id: 'b-2027', key: randomBytes(32) };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const MARKER = 'PHI-MARKER Nora Al-Qahtani 0501234567';

const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);

describe('AES-256-GCM payload codec', () => {
  const codec = new AesGcmPayloadCodec({ keys: [keyA], currentKeyId: keyA.id });

  it('round-trips payloads, metadata included, and leaves nothing readable', async () => {
    const originals = [payload({ note: MARKER }), payload('نص عربي'), payload(undefined), payload(new Uint8Array([0, 1, 2]))];
    const encoded = await codec.encode(originals);
    for (const p of encoded) {
      expect(text(p.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata?.[METADATA_KEY_ID])).toBe(keyA.id);
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual([METADATA_ENCODING_KEY, METADATA_KEY_ID].sort());
      expect(text(p.data)).not.toContain('Nora');
      expect(text(p.data)).not.toContain('json/plain');
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ note: MARKER }, 'نص عربي', undefined, new Uint8Array([0, 1, 2])]);
    expect(text(decoded[0].metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('uses a fresh IV for every payload', async () => {
    const [one, two] = await codec.encode([payload(MARKER), payload(MARKER)]);
    expect(Buffer.from(one.data!).subarray(0, 12).equals(Buffer.from(two.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(one.data!).equals(Buffer.from(two.data!))).toBe(false);
  });

  it('rotates: payloads written with key A decode once B is current and A is kept', async () => {
    const [old] = await codec.encode([payload({ visit: MARKER })]);
    const rotated = new AesGcmPayloadCodec({ keys: [keyB, keyA], currentKeyId: keyB.id });
    const [fresh] = await rotated.encode([payload('new')]);
    expect(text(fresh.metadata?.[METADATA_KEY_ID])).toBe(keyB.id);
    const [decodedOld, decodedNew] = await rotated.decode([old, fresh]);
    expect(defaultPayloadConverter.fromPayload(decodedOld)).toEqual({ visit: MARKER });
    expect(defaultPayloadConverter.fromPayload(decodedNew)).toBe('new');
  });

  it('refuses a payload whose key is not in the ring, naming the key id', async () => {
    const [fromB] = await new AesGcmPayloadCodec({ keys: [keyB], currentKeyId: keyB.id }).encode([payload(MARKER)]);
    await expect(codec.decode([fromB])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([fromB])).rejects.toThrow(/encrypted with key "b-2027", which is not in the key ring \(a-2026\)/);
  });

  it('refuses a tampered ciphertext, a changed key id and a wrong key under a known id', async () => {
    const [sealed] = await codec.encode([payload({ note: MARKER })]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 0x01;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/failed authentication/);
    const truncated = Buffer.from(sealed.data!).subarray(0, 20);
    await expect(codec.decode([{ ...sealed, data: truncated }])).rejects.toThrow(PayloadDecryptionError);
    // Relabelled as B: the key id is the GCM additional data, so this fails too.
    const both = new AesGcmPayloadCodec({ keys: [keyA, keyB], currentKeyId: keyA.id });
    await expect(both.decode([{ metadata: { ...sealed.metadata, [METADATA_KEY_ID]: Buffer.from(keyB.id) }, data: sealed.data }])).rejects.toThrow(/failed authentication/);
    const impostor = new AesGcmPayloadCodec({ keys: [{ id: keyA.id, key: randomBytes(32) }], currentKeyId: keyA.id });
    await expect(impostor.decode([sealed])).rejects.toThrow(/key "a-2026"\) failed authentication/);
  });

  it('passes through payloads that are not encrypted (histories from before encryption)', async () => {
    const plain = [payload({ status: 'active' }), payload(null), { metadata: {}, data: new Uint8Array() }];
    expect(await codec.decode(plain)).toEqual(plain);
  });

  it('refuses a bad key ring', () => {
    expect(() => new AesGcmPayloadCodec({ keys: [{ id: 'short', key: randomBytes(16) }], currentKeyId: 'short' })).toThrow(/16 bytes; AES-256 needs 32/);
    expect(() => new AesGcmPayloadCodec({ keys: [keyA], currentKeyId: 'missing' })).toThrow(/"missing" is not in the key ring/);
    expect(() => new AesGcmPayloadCodec({ keys: [keyA, keyA], currentKeyId: keyA.id })).toThrow(/appears twice/);
  });
});

describe('the data converter with the codec', () => {
  it('moves failure messages and stack traces into an encrypted payload', async () => {
    const converter = loadDataConverter(temporalDataConverter(new AesGcmPayloadCodec({ keys: [keyA], currentKeyId: keyA.id })));
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.nonRetryable(`insert failed for ${MARKER}`, 'DbError'));
    expect(JSON.stringify(failure)).not.toContain('Nora');
    expect(failure.message).not.toContain('Nora');
    expect(text(failure.encodedAttributes?.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(error?.message).toBe(`insert failed for ${MARKER}`);
  });

  it('is the SDK default without a codec', () => {
    expect(temporalDataConverter(undefined)).toBeUndefined();
  });
});

describe('encryption configuration', () => {
  const b64 = (key: Buffer) => key.toString('base64');
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  };

  it('is off by default and reads a ring with the first key current', () => {
    expect(loadConfig({}).temporal.encryption).toBeUndefined();
    expect(loadConfig({ PX_TEMPORAL_ENCRYPTION_KEYS: 'off' }).temporal.encryption).toBeUndefined();
    const ring = loadConfig({ PX_TEMPORAL_ENCRYPTION_KEYS: `${keyA.id}:${b64(keyA.key)}, ${keyB.id}:${keyB.key.toString('base64url')}` }).temporal.encryption!;
    expect(ring.currentKeyId).toBe(keyA.id);
    expect(ring.keys.map((k) => k.id)).toEqual([keyA.id, keyB.id]);
    expect(ring.keys[1].key.equals(keyB.key)).toBe(true);
    const rotated = loadConfig({ PX_TEMPORAL_ENCRYPTION_KEYS: `${keyA.id}:${b64(keyA.key)},${keyB.id}:${b64(keyB.key)}`, PX_TEMPORAL_ENCRYPTION_KEY_ID: keyB.id });
    expect(rotated.temporal.encryption!.currentKeyId).toBe(keyB.id);
  });

  it('names the variable and the key, never the key material', () => {
    const short = b64(randomBytes(16));
    const message = problem({ PX_TEMPORAL_ENCRYPTION_KEYS: `k1:${short}` })!;
    expect(message).toMatch(/PX_TEMPORAL_ENCRYPTION_KEYS: key "k1" must be 32 bytes in base64.*it has 16/);
    expect(message).not.toContain(short);
    expect(problem({ PX_TEMPORAL_ENCRYPTION_KEYS: 'k1:not base64!' })).toMatch(/PX_TEMPORAL_ENCRYPTION_KEYS: key "k1" .*not base64/);
    expect(problem({ PX_TEMPORAL_ENCRYPTION_KEYS: b64(keyA.key) })).toMatch(/PX_TEMPORAL_ENCRYPTION_KEYS: entry 1 is not `id:base64key`/);
    expect(problem({ PX_TEMPORAL_ENCRYPTION_KEYS: `k1:${b64(keyA.key)},k1:${b64(keyB.key)}` })).toMatch(/key id "k1" appears more than once/);
    expect(problem({ PX_TEMPORAL_ENCRYPTION_KEYS: `k1:${b64(keyA.key)}`, PX_TEMPORAL_ENCRYPTION_KEY_ID: 'k9' })).toMatch(/PX_TEMPORAL_ENCRYPTION_KEY_ID: names key "k9", which is not in PX_TEMPORAL_ENCRYPTION_KEYS \(k1\)/);
    expect(problem({ PX_TEMPORAL_ENCRYPTION_KEY_ID: 'k1' })).toMatch(/PX_TEMPORAL_ENCRYPTION_KEY_ID: is set, but PX_TEMPORAL_ENCRYPTION_KEYS has no keys/);
  });

  it('refuses production against a remote Temporal without keys, unless plaintext is chosen', () => {
    const production = { NODE_ENV: 'production', PX_JWT_SECRET: 'x'.repeat(40), TEMPORAL_ADDRESS: 'temporal.example:7233' };
    expect(problem(production)).toMatch(/PX_TEMPORAL_ENCRYPTION_KEYS: is required when NODE_ENV=production and TEMPORAL_ADDRESS is set/);
    expect(problem({ ...production, PX_TEMPORAL_ENCRYPTION_KEYS: 'off' })).toBeUndefined();
    expect(problem({ ...production, PX_TEMPORAL_ENCRYPTION_KEYS: `k1:${b64(keyA.key)}` })).toBeUndefined();
    expect(problem({ NODE_ENV: 'production', PX_JWT_SECRET: 'x'.repeat(40) })).toBeUndefined();
  });
});

const isPayload = (value: unknown): value is Payload =>
  !!value && typeof value === 'object' && 'metadata' in value && 'data' in value && Object.keys(value).every((k) => k === 'metadata' || k === 'data');

/** Replaces every payload of a history (search attributes excepted: the server indexes them) with what `codec` makes of it. */
async function encryptHistory(node: unknown, codec: AesGcmPayloadCodec): Promise<void> {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'searchAttributes') continue;
    if (isPayload(value)) {
      [(node as Record<string, unknown>)[key]] = await codec.encode([value]);
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      await encryptHistory(value, codec);
    }
  }
}

describe('recorded histories replay with the codec', () => {
  const dir = path.join(__dirname, '..', 'workflows', 'histories');
  const load = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { workflowId?: string };
  const codec = new AesGcmPayloadCodec({ keys: [keyA], currentKeyId: keyA.id });
  const replayOptions = { workflowsPath: require.resolve('../workflows'), dataConverter: temporalDataConverter(codec) };

  it('a history recorded without encryption still replays (plain payloads pass through)', async () => {
    const { workflowId, ...history } = load('encounter-opd-surveyed.json');
    await expect(Worker.runReplayHistory(replayOptions, historyFromJSON(history), workflowId)).resolves.toBeUndefined();
  }, 60_000);

  it('the same history with every payload encrypted replays', async () => {
    const { workflowId, ...json } = load('complaint-escalated.json');
    const history = historyFromJSON(json);
    await encryptHistory(history, codec);
    const start = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    expect(text(start.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    await expect(Worker.runReplayHistory(replayOptions, history, workflowId)).resolves.toBeUndefined();
    // Without the codec the same history cannot be read: the replay above really decrypted it.
    await expect(Worker.runReplayHistory({ workflowsPath: replayOptions.workflowsPath }, history, workflowId)).rejects.toThrow();
  }, 60_000);
});
