/**
 * `npm run demo`: realistic HL7 v2.5.1 traffic for the DEMO hospital over MLLP, as an interface
 * engine would send it to a running PX360 (`npm start`): outpatient visits with lab and pharmacy,
 * an emergency visit, an inpatient stay with a transfer, Arabic and English patients. Prints each
 * ACK, then the survey messages the completed visits send, as they land in the console outbox
 * (`PX_DATA_DIR/outbox.ndjson`). Target: PX_MLLP_HOST / PX_MLLP_PORT (default 127.0.0.1:2575).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { encodeFrame, MllpFrameDecoder } from '../adapters/mllp/frameDecoder';

const host = process.env.PX_MLLP_HOST && process.env.PX_MLLP_HOST !== '0.0.0.0' ? process.env.PX_MLLP_HOST : '127.0.0.1';
const port = Number(process.env.PX_MLLP_PORT ?? 2575);
const run = Date.now().toString(36).toUpperCase();

interface Person {
  mrn: string;
  family: string;
  given: string;
  language: 'ara' | 'eng';
  phone: string;
  dob: string;
  sex: 'M' | 'F';
}

const people: Person[] = [
  { mrn: `D${run}1`, family: 'الحربي', given: 'خالد', language: 'ara', phone: '+966501234567', dob: '19800214', sex: 'M' },
  { mrn: `D${run}2`, family: 'القحطاني', given: 'نورة', language: 'ara', phone: '+966552345678', dob: '19920630', sex: 'F' },
  { mrn: `D${run}3`, family: 'Smith', given: 'Emily', language: 'eng', phone: '+966533456789', dob: '19751102', sex: 'F' },
  { mrn: `D${run}4`, family: 'الدوسري', given: 'عبدالله', language: 'ara', phone: '+966544567890', dob: '20150309', sex: 'M' },
];

let sequence = 0;
const stamp = (minutes: number) => {
  const t = new Date(Date.now() - 6 * 3_600_000 + minutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}00+0000`;
};

function message(type: string, person: Person, visit: string, patientClass: string, location: string, doctor: string, at: number, extra: string[] = []): string {
  const time = stamp(at);
  return [
    `MSH|^~\\&|HIS|DEMO|PX360|PX360|${time}||${type}|DEMO${run}${++sequence}|P|2.5.1|||AL|NE||UNICODE UTF-8`,
    `EVN|${type.split('^')[1]}|${time}`,
    `PID|1||${person.mrn}^^^DEMO^MR~10${person.mrn.replace(/\D/g, '').slice(-8).padStart(8, '0')}^^^MOI^NNSAU||${person.family}^${person.given}||${person.dob}|${person.sex}|||King Fahd Rd^^Riyadh^^12211^SA||${person.phone}||${person.language}`,
    `PV1|1|${patientClass}|${location}||||${doctor}|||${location.split('^')[0]}|||||||||${visit}`,
    ...extra,
  ].join('\r');
}

const lab = (at: number) => [`OBR|1|L${run}${at}|F${run}${at}|2345-7^Glucose^LN|||${stamp(at)}|||||||||||||||${stamp(at + 30)}||CH|F`, 'OBX|1|NM|2345-7^Glucose^LN||98|mg/dL|70-110|N|||F'];
const radiology = (at: number) => [`OBR|1|R${run}${at}|F${run}${at}|71045^Chest X-ray^CPT|||${stamp(at)}|||||||||||||||${stamp(at + 20)}||RAD|F`, 'OBX|1|TX|71045^Chest X-ray^CPT||No acute findings||||||F'];
const dispense = ['ORC|RE|P1|P1', 'RXE|^^^|00093-1234^Amoxicillin 500mg^NDC|500||mg', 'RXD|1|00093-1234^Amoxicillin 500mg^NDC||21|CAP'];

const opd = 'SCFHS-10006^Al-Ghamdi^Sara';
const er = 'SCFHS-10001^Al-Harbi^Khalid';
const im = 'SCFHS-10002^Al-Qahtani^Noura';

const traffic: [string, string][] = [
  // Outpatient: check-in, lab, pharmacy, visit completed.
  ['OPD visit, Arabic speaker', message('ADT^A04^ADT_A01', people[0], `OV${run}1`, 'O', 'OPD^101^1', opd, 0)],
  ['OPD lab result', message('ORU^R01^ORU_R01', people[0], `OV${run}1`, 'O', 'OPD^101^1', opd, 25, lab(20))],
  ['OPD pharmacy dispense', message('RDS^O13^RDS_O13', people[0], `OV${run}1`, 'O', 'OPD^101^1', opd, 50, dispense)],
  ['OPD visit completed', message('ADT^A03^ADT_A03', people[0], `OV${run}1`, 'O', 'OPD^101^1', opd, 60)],
  // Outpatient, English speaker, still in clinic.
  ['OPD visit, English speaker', message('ADT^A04^ADT_A01', people[2], `OV${run}2`, 'O', 'OPD^102^1', opd, 30)],
  // Emergency: arrival, radiology, discharged home.
  ['ED arrival', message('ADT^A04^ADT_A01', people[1], `EV${run}1`, 'E', 'ED^T3^1', er, 10)],
  ['ED chest X-ray', message('ORU^R01^ORU_R01', people[1], `EV${run}1`, 'E', 'ED^T3^1', er, 40, radiology(35))],
  ['ED discharge', message('ADT^A03^ADT_A03', people[1], `EV${run}1`, 'E', 'ED^T3^1', er, 120)],
  // Inpatient: admission, transfer to cardiology, lab; stay continues.
  ['Inpatient admission (paediatrics)', message('ADT^A01^ADT_A01', people[3], `IV${run}1`, 'I', 'PED^W2^12', im, 15)],
  ['Transfer to cardiology', message('ADT^A02^ADT_A02', people[3], `IV${run}1`, 'I', 'CARD^W5^3', im, 180)],
  ['Inpatient lab result', message('ORU^R01^ORU_R01', people[3], `IV${run}1`, 'I', 'CARD^W5^3', im, 200, lab(190))],
];

const outboxFile = path.resolve(process.env.PX_DATA_DIR ?? '.px360', 'outbox.ndjson');
const outboxSize = () => (fs.existsSync(outboxFile) ? fs.statSync(outboxFile).size : 0);

/** Prints the survey messages that reach the outbox after `offset`, until `expected` or a minute passes. */
async function showSurveys(offset: number, expected: number): Promise<void> {
  if (process.env.PX_NOTIFY_MODE && process.env.PX_NOTIFY_MODE !== 'console') return;
  console.log(`Waiting for the surveys of the completed visits in ${outboxFile} …`);
  const deadline = Date.now() + 60_000;
  let shown = 0;
  while (shown < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (outboxSize() <= offset) continue;
    const lines = fs.readFileSync(outboxFile).subarray(offset).toString('utf8').split('\n').filter(Boolean);
    for (const line of lines.slice(shown)) {
      const { channel, to, language, link } = JSON.parse(line) as { channel: string; to: string; language: string; link: string | null };
      console.log(`  ${channel} to ${to} (${language}): ${link ?? '(no link)'}`);
    }
    shown = lines.length;
  }
  if (shown === 0) console.log('  none yet: surveys wait for the send delay and quiet hours of the hospital (GET /api/v1/surveys shows them as scheduled).');
  else console.log('Open a link in a browser to answer as the patient; GET /api/v1/surveys shows the result.');
}

async function main(): Promise<void> {
  const outboxStart = outboxSize();
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error) => reject(new Error(`cannot reach the MLLP listener at ${host}:${port} (is \`npm start\` running?): ${error.message}`)));
  });
  const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
  const acks: string[] = [];
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk) => {
    for (const frame of decoder.push(chunk)) if (frame.kind === 'frame') acks.push(frame.payload.toString('utf8'));
    waiting?.();
  });
  console.log(`Sending ${traffic.length} HL7 messages for hospital DEMO to mllp://${host}:${port}`);
  for (const [label, text] of traffic) {
    socket.write(encodeFrame(Buffer.from(text, 'utf8')));
    while (acks.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
    const msa = acks.shift()!.split('\r').find((s) => s.startsWith('MSA'))?.split('|') ?? [];
    console.log(`  ${msa[1] ?? '??'}  ${label}${msa[3] ? ` — ${msa[3]}` : ''}`);
  }
  socket.end();
  console.log('Sent: see GET /api/v1/encounters?hospitalCode=DEMO and the Temporal Web UI (PxHospital = "DEMO").');
  // The outpatient visit and the emergency discharge each complete a journey with a survey.
  await showSurveys(outboxStart, 2);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
