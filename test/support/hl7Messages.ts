/** Realistic HL7 v2.5.1 messages for the demo hospital, built per test (CR-separated). */
let counter = 0;
export const controlId = () => `MSG${Date.now()}${++counter}`;

export interface VisitFacts {
  visit: string;
  mrn: string;
  patientClass?: 'O' | 'I' | 'E';
  facility?: string;
  family?: string;
  given?: string;
  language?: string;
  phone?: string;
  time?: string;
  control?: string;
  charset?: string;
}

function msh(type: string, facts: VisitFacts, extra = ''): string {
  const charset = facts.charset ? `||||||${facts.charset}` : '';
  return `MSH|^~\\&|HIS|${facts.facility ?? 'DEMO'}|PX360|PX360|${facts.time ?? '20261129083000+0300'}||${type}|${facts.control ?? controlId()}|P|2.5.1${extra || charset}`;
}

function pid(facts: VisitFacts): string {
  const name = `${facts.family ?? 'Al-Harbi'}^${facts.given ?? 'Khalid'}`;
  return `PID|1||${facts.mrn}^^^DEMO^MR~1098765432^^^MOI^NNSAU||${name}||19800101|M|||King Fahd Rd^^Riyadh^^12211^SA||${facts.phone ?? '+966501234567'}||${facts.language ?? 'eng'}`;
}

function pv1(facts: VisitFacts): string {
  return `PV1|1|${facts.patientClass ?? 'O'}|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||${facts.visit}`;
}

export const adt = (trigger: string, facts: VisitFacts) =>
  [msh(`ADT^${trigger}^ADT_A01`, facts), `EVN|${trigger}|${facts.time ?? '20261129083000+0300'}`, pid(facts), pv1(facts)].join('\r');

export const labResult = (facts: VisitFacts, section = 'CH') =>
  [
    msh('ORU^R01^ORU_R01', facts),
    pid(facts),
    pv1(facts),
    `OBR|1|ORD1|FIL1|2345-7^Glucose^LN|||20261129090000+0300|||||||||||||||20261129093000+0300||${section}|F`,
    'OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-110|N|||F',
  ].join('\r');

export const pharmacyDispense = (facts: VisitFacts) =>
  [
    msh('RDS^O13^RDS_O13', facts),
    pid(facts),
    pv1(facts),
    'ORC|RE|ORD2|FIL2',
    'RXE|^^^20261129100000+0300|00093-1234^Amoxicillin 500mg^NDC|500||mg',
    'RXD|1|00093-1234^Amoxicillin 500mg^NDC|20261129100000+0300|21|CAP',
  ].join('\r');
