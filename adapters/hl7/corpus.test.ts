/**
 * The HL7 layer over every sample of the project's fixtures and of the public sample set (see
 * fixtures/corpus.ts): each known-good sample reads as the listed messages and maps to the listed
 * event, each refused sample fails the way it is listed to, and a sample in neither list fails.
 * The public set is skipped only when its directory does not exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitBatch } from './batch';
import { extractEventFields } from './eventFields';
import { corpusFiles, knownFacilities, PROJECT_FIXTURES, PUBLIC_SAMPLES, publicCorpusDir, type CorpusExpectations, type ExpectedMessage } from './fixtures/corpus';
import { FIXTURE_DIR, toCr } from './fixtures/load';
import { facilityCode, parseHeader } from './header';
import { DEFAULT_MAPPING_RULES, matchEvent } from './mapping';
import { parseMessage } from './message';
import { Hl7FormatError } from './types';

/** What the layer makes of one message, in the terms of the expectations. */
function readMessage(text: string): ExpectedMessage & { enhancedMode: boolean } {
  const header = parseHeader(text);
  const fields = extractEventFields(parseMessage(text));
  return {
    type: `${fields.messageType}^${fields.triggerEvent}`,
    event: matchEvent(DEFAULT_MAPPING_RULES, fields) ?? null,
    hospital: fields.facility,
    visit: fields.visitNumber ?? null,
    mrn: fields.mrn ?? null,
    patientClass: fields.patientClass ?? null,
    dischargeDisposition: fields.dischargeDisposition ?? null,
    mergedMrn: fields.mergedMrn,
    // Enhanced acknowledgement mode (CA/CE/CR) when MSH-15 or MSH-16 is valued.
    enhancedMode: header.acceptAckType.trim() !== '' || header.applicationAckType.trim() !== '',
  };
}

const messagesOf = (dir: string, file: string) => splitBatch(toCr(fs.readFileSync(path.join(dir, file), 'utf8')));

function describeCorpus(name: string, dir: string, corpus: CorpusExpectations) {
  const files = corpusFiles(dir);
  const knownGood = Object.keys(corpus.knownGood).filter((file) => files.includes(file));
  const refused = Object.keys(corpus.refused).filter((file) => files.includes(file));
  const facilities = knownFacilities(corpus);

  describe(`${name} (${dir})`, () => {
    it('has samples, every one of them classified as known good or refused', () => {
      expect(files.length).toBeGreaterThan(0);
      const listed = new Set([...Object.keys(corpus.knownGood), ...Object.keys(corpus.refused)]);
      expect(files.filter((file) => !listed.has(file))).toEqual([]);
      expect([...listed].filter((file) => !files.includes(file))).toEqual([]);
      expect(Object.keys(corpus.knownGood).filter((file) => file in corpus.refused)).toEqual([]);
    });

    if (knownGood.length) it.each(knownGood)('%s reads as its listed messages and maps to its listed events', (file) => {
      const expected = corpus.knownGood[file];
      const read = messagesOf(dir, file).map(readMessage);
      expect(read.map(({ enhancedMode, ...message }) => message)).toEqual(expected.messages.map(({ stage, ...message }) => message));
      for (const message of read) expect(message.enhancedMode ? 'CA' : 'AA').toBe(expected.ack);
    });

    if (refused.length) it.each(refused)('%s is refused for its listed reason', (file) => {
      const expected = corpus.refused[file];
      if (expected.refusedBy === 'parser') {
        let failure: unknown;
        try {
          messagesOf(dir, file).forEach(readMessage);
        } catch (error) {
          failure = error;
        }
        expect(failure).toBeInstanceOf(Hl7FormatError);
        expect((failure as Hl7FormatError).reason).toContain(expected.reason);
        return;
      }
      // Refused by the hospital directory: it reads, but names no hospital a deployment of this corpus knows.
      for (const text of messagesOf(dir, file)) {
        const header = parseHeader(text);
        const facility = facilityCode(header.sendingFacility, header.encodingCharacters[0]);
        expect(facilities).not.toContain(facility);
        expect(expected.reason).toContain(`"${facility}"`);
      }
    });
  });
}

describeCorpus('project HL7 fixtures', FIXTURE_DIR, PROJECT_FIXTURES);

const publicCorpus = publicCorpusDir();
if (fs.existsSync(publicCorpus.dir)) {
  describeCorpus('public HL7 samples', publicCorpus.dir, PUBLIC_SAMPLES);
} else if (publicCorpus.configured) {
  it('HL7_CORPUS_DIR names a directory', () => expect(fs.existsSync(publicCorpus.dir)).toBe(true));
} else {
  describe.skip(`public HL7 samples (no directory at ${publicCorpus.dir})`, () => {
    it('reads every sample', () => undefined);
  });
}
