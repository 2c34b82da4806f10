/**
 * Splits a text into its HL7 messages. Interface engines send one message per MLLP frame, but
 * file drops and some senders wrap several in FHS/BHS envelopes or simply concatenate them.
 */
import { segmentId, splitSegments } from './syntax';
import { Hl7FormatError } from './types';

/** File and batch header/trailer segments carry no patient data; they are dropped. */
const ENVELOPE_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * The individual messages in `text`, each as its segments joined by CR. A text that is just one
 * message comes back unchanged.
 */
export function splitBatch(text: string): string[] {
  const segments = splitSegments(text);
  if (!segments.some((segment) => segmentId(segment) === 'MSH')) throw new Hl7FormatError('no MSH segment', '100');
  const messages: string[][] = [];
  for (const segment of segments) {
    const id = segmentId(segment);
    if (ENVELOPE_SEGMENTS.has(id)) continue;
    if (id === 'MSH') {
      messages.push([segment]);
    } else if (messages.length === 0) {
      // Data before any MSH cannot be attributed to a message; refusing beats silently dropping it.
      throw new Hl7FormatError(
        id ? `segment ${id} appears before the first MSH segment` : 'text before the first MSH segment is not an HL7 segment',
        '100',
        id || undefined,
      );
    } else {
      messages[messages.length - 1].push(segment);
    }
  }
  if (messages.length === 1 && text.startsWith('MSH')) return [text];
  return messages.map((lines) => lines.join('\r'));
}
