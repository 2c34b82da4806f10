/** The parts of an HL7 v2 MSH segment intake, ACKs and deduplication need. */
export interface Hl7Header {
  /** MSH-1, normally `|`. */
  fieldSeparator: string;
  /** MSH-2, normally `^~\&` (component, repetition, escape, subcomponent). */
  encodingCharacters: string;
  /** MSH-3 and MSH-4 as sent (whole HD, e.g. `LAB^1.2.3^ISO`). */
  sendingApplication: string;
  sendingFacility: string;
  /** MSH-5 and MSH-6 as sent. */
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-7 as sent. */
  dateTime: string;
  /** MSH-9.1, MSH-9.2, MSH-9.3 (e.g. ADT, A04, ADT_A01). */
  messageType: string;
  triggerEvent: string;
  messageStructure: string;
  /** MSH-10, the sender's message control id. */
  controlId: string;
  /** MSH-11 (P, T, D) and MSH-12 (e.g. 2.5.1). */
  processingId: string;
  versionId: string;
  /** MSH-15 accept-ack and MSH-16 application-ack types (AL, NE, ER, SU), empty when absent. */
  acceptAckType: string;
  applicationAckType: string;
  /** MSH-18 first repetition, e.g. `UNICODE UTF-8`, `8859/6`; empty when absent. */
  charset: string;
}

/** Thrown when bytes are not an HL7 v2 message we can read; `reason` goes into the ACK's ERR segment. */
export class Hl7FormatError extends Error {
  constructor(
    readonly reason: string,
    /** HL7 table 0357 error condition: 100 segment sequence, 101 required field missing, 102 data type, 103 table value not found, 200 unsupported message type, 203 unsupported version, 207 application internal error. */
    readonly conditionCode: '100' | '101' | '102' | '103' | '200' | '203' | '207' = '100',
    /** Where, as `MSH^1^10` style location (segment^sequence^field), when known. */
    readonly location?: string,
  ) {
    super(reason);
    this.name = 'Hl7FormatError';
  }
}
