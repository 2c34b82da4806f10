/**
 * Runs the whole layer over a directory of real-world HL7 files: every message must either parse
 * or be refused with an Hl7FormatError (which becomes an AE/AR ACK), never crash with anything else.
 * The directory is HL7_CORPUS_DIR (CI points it at the public samples beside the checkout), else the
 * project's own fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitBatch } from './batch';
import { extractEventFields } from './eventFields';
import { toCr } from './fixtures/load';
import { parseHeader } from './header';
import { DEFAULT_MAPPING_RULES, matchEvent } from './mapping';
import { parseMessage } from './message';
import { Hl7FormatError } from './types';

const corpusDir = process.env.HL7_CORPUS_DIR ? path.resolve(process.env.HL7_CORPUS_DIR) : path.join(__dirname, 'fixtures');

/** Every HL7 file under `dir` (licence and readme files ship beside sample messages). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.(hl7|er7|txt)$/i.test(entry.name) && !/^(license|licence|readme|notice)/i.test(entry.name) ? [full] : [];
  });
}

describe(`HL7 corpus ${corpusDir}`, () => {
  it('parses every message or refuses it with an Hl7FormatError', () => {
    const files = filesUnder(corpusDir);
    expect(files.length).toBeGreaterThan(0);
    let parsed = 0;
    const refused: string[] = [];
    const crashed: string[] = [];
    const events: Record<string, number> = {};

    for (const file of files) {
      const name = path.relative(corpusDir, file);
      const attempt = (fn: () => void) => {
        try {
          fn();
        } catch (error) {
          if (error instanceof Hl7FormatError) refused.push(`${name}: ${error.reason}`);
          else crashed.push(`${name}: ${(error as Error).stack}`);
        }
      };
      attempt(() => {
        for (const text of splitBatch(toCr(fs.readFileSync(file, 'utf8')))) {
          attempt(() => {
            parseHeader(text);
            const fields = extractEventFields(parseMessage(text));
            const event = matchEvent(DEFAULT_MAPPING_RULES, fields) ?? '(ignored)';
            events[event] = (events[event] ?? 0) + 1;
            parsed += 1;
          });
        }
      });
    }

    console.info(
      [
        `HL7 corpus ${corpusDir}: ${files.length} files, ${parsed} messages parsed, ${refused.length} refused`,
        ...refused.map((r) => `  refused ${r}`),
        `  events: ${JSON.stringify(events)}`,
      ].join('\n'),
    );
    expect(crashed).toEqual([]);
    if (files.length > 0) expect(parsed).toBeGreaterThan(0);
  });
});
