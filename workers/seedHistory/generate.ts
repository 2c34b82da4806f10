/**
 * The synthetic history of the DEMO hospital, made in memory from a seed: encounters, patients, surveys
 * with their answers (scored by models/rules/scoring.ts, as a real response would be), complaints and PX
 * actions. Pure and deterministic: the same seed, range and scale give the same rows.
 */
import { createHash } from 'node:crypto';
import { scoreSurvey, type Answer, type ScoringTemplate } from '../../models/rules/scoring';

/** Every generated row is marked by one of these, so a re-run can delete its own rows first. */
export const HISTORY_MARK = 'HIST';

export interface HistoryContext {
  hospitalId: string;
  /** Department id by code (DEMO codes: ED, IM, CARD, SURG, PED, OPD, LAB, RAD, PHARM, …). */
  departments: Record<string, string>;
  physicians: { id: string; departmentCode: string }[];
  templates: Record<'OPD' | 'EMS' | 'INPATIENT', { id: string; code: string; scoring: ScoringTemplate }>;
}

export interface HistoryOptions {
  /** First and last Riyadh date (YYYY-MM-DD), inclusive. */
  from: string;
  to: string;
  seed: number;
  /** 1 ≈ 80,000 encounters a year. */
  scale: number;
  /** Riyadh date of the ED quality-improvement intervention. */
  interventionDate: string;
  now: Date;
}

type Row = Record<string, unknown>;
export interface HistoryRows {
  patient: Row[];
  encounter: Row[];
  survey_instance: Row[];
  survey_response: Row[];
  complaint: Row[];
  px_action: Row[];
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID (version 4 layout) from the generator, so ids are deterministic too. */
function uuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function uuidOf(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const RIYADH_OFFSET_MS = 3 * 3_600_000;
/** A Riyadh wall-clock time on a date, as a UTC instant. */
const riyadh = (date: string, hours: number) => new Date(Date.parse(`${date}T00:00:00Z`) - RIYADH_OFFSET_MS + hours * 3_600_000);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const hoursAfter = (t: Date, h: number) => new Date(t.getTime() + h * 3_600_000);

/** Ramadan 1447 AH (about 18 February – 19 March 2026) and 1446 (1 – 29 March 2025), 1448 (8 Feb – 8 Mar 2027). */
const RAMADAN: [string, string][] = [
  ['2025-03-01', '2025-03-29'],
  ['2026-02-18', '2026-03-19'],
  ['2027-02-08', '2027-03-08'],
];
export const isRamadan = (date: string) => RAMADAN.some(([a, b]) => date >= a && date <= b);
/** Summer holidays and heat: July and August, a little busier in the ED, a little less satisfied. */
const isSummer = (date: string) => date.slice(5, 7) === '07' || date.slice(5, 7) === '08';
/** Day of the week, 0 = Sunday … 5 = Friday, 6 = Saturday (the Saudi weekend is Friday and Saturday). */
export const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
export const isWeekend = (date: string) => dayOfWeek(date) >= 5;

const FIRST_EN = ['Ahmed', 'Mohammed', 'Fatimah', 'Aisha', 'Omar', 'Layla', 'Yousef', 'Maryam', 'Hassan', 'Huda', 'Ali', 'Salma'];
const FIRST_AR = ['أحمد', 'محمد', 'فاطمة', 'عائشة', 'عمر', 'ليلى', 'يوسف', 'مريم', 'حسن', 'هدى', 'علي', 'سلمى'];
const LAST_EN = ['Testov', 'Example', 'Sample', 'Demo', 'Synthetic', 'Placeholder'];
const LAST_AR = ['التجريبي', 'المثالي', 'العينة', 'العرضي', 'الافتراضي', 'النموذجي'];
/** Ofcom's range reserved for drama (+44 7700 900000 – 900999): never a real subscriber. */
const testPhone = (k: number) => `+447700900${String(k % 1000).padStart(3, '0')}`;

const COMPLAINT_CATEGORIES: { code: string; weight: number; en: string; ar: string }[] = [
  { code: 'waiting_time', weight: 28, en: 'Waited too long to be seen.', ar: 'انتظرت وقتاً طويلاً قبل أن يراني أحد.' },
  { code: 'staff_attitude', weight: 16, en: 'A staff member was not courteous.', ar: 'لم يكن أحد الموظفين لطيفاً.' },
  { code: 'communication', weight: 15, en: 'Nobody explained the next steps.', ar: 'لم يشرح لي أحد الخطوات التالية.' },
  { code: 'appointment', weight: 12, en: 'The appointment was moved without notice.', ar: 'تم تغيير الموعد دون إشعار.' },
  { code: 'medical_care', weight: 9, en: 'Concern about the treatment received.', ar: 'لدي ملاحظة على العلاج الذي تلقيته.' },
  { code: 'cleanliness', weight: 7, en: 'The waiting area was not clean.', ar: 'لم تكن منطقة الانتظار نظيفة.' },
  { code: 'billing', weight: 7, en: 'A charge on the invoice was unclear.', ar: 'كان هناك مبلغ غير واضح في الفاتورة.' },
  { code: 'medication', weight: 6, en: 'A prescribed medicine was not available.', ar: 'لم يكن أحد الأدوية الموصوفة متوفراً.' },
];
const SEVERITIES: [string, number][] = [['low', 40], ['medium', 40], ['high', 17], ['critical', 3]];
const SOURCES: [string, number][] = [['moh_937', 18], ['walk_in', 25], ['phone', 20], ['web', 15], ['email', 8], ['survey_comment', 10], ['social', 4]];
/** Acknowledge and resolve windows in hours, roughly the default SLA policies on a business clock. */
const SLA_HOURS: Record<string, [number, number]> = { critical: [1, 24], high: [4, 72], medium: [24, 168], low: [48, 336] };

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}
const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const poissonish = (r: () => number, mean: number) => Math.max(0, Math.round(mean + normal(r) * Math.sqrt(mean)));

/** Answers to a template's questions around a latent satisfaction (0-100). */
function answersFor(r: () => number, scoring: ScoringTemplate, latent: number, waitingPenalty: number): Answer[] {
  const answers: Answer[] = [];
  for (const q of scoring.questions) {
    const level = clamp(latent + normal(r) * 9 - (q.code === 'waiting_time' ? waitingPenalty : 0), 0, 100);
    switch (q.type) {
      case 'rating':
      case 'likert':
        answers.push({ questionCode: q.code, value: clamp(Math.round(1 + level / 25), 1, 5) });
        break;
      case 'nps':
        answers.push({ questionCode: q.code, value: clamp(Math.round(level / 10 + 0.6), 0, 10) });
        break;
      case 'yes_no':
        answers.push({ questionCode: q.code, value: r() < clamp(level / 100 + 0.12, 0.02, 0.99) });
        break;
      case 'single_choice':
      case 'multiple_choice': {
        const scored = q.options.filter((o) => typeof o.score === 'number');
        if (!scored.length) break;
        const best = scored.reduce((a, b) => (Math.abs((b.score ?? 0) - level) < Math.abs((a.score ?? 0) - level) ? b : a));
        answers.push({ questionCode: q.code, value: q.type === 'single_choice' ? best.code : [best.code] });
        break;
      }
      case 'free_text':
        if (!q.required && r() > 0.15) break;
        answers.push({ questionCode: q.code, value: level >= 70 ? 'Thank you to the team.' : 'The wait was long and nobody explained why.' });
        break;
    }
  }
  return answers;
}

/** The whole history, day by day. */
export function generateHistory(ctx: HistoryContext, options: HistoryOptions): HistoryRows {
  const r = rng(options.seed);
  const rows: HistoryRows = { patient: [], encounter: [], survey_instance: [], survey_response: [], complaint: [], px_action: [] };
  const now = options.now;
  const stamp = (t: Date) => t.toISOString();

  // A pool of synthetic patients, about one for every three encounters of a year.
  const patientCount = Math.max(50, Math.round(27_000 * options.scale));
  const patients: { id: string; lang: 'ar' | 'en' }[] = [];
  for (let k = 0; k < patientCount; k++) {
    const lang: 'ar' | 'en' = r() < 0.78 ? 'ar' : 'en';
    const f = Math.floor(r() * FIRST_EN.length);
    const l = Math.floor(r() * LAST_EN.length);
    // The id follows from the MRN, so a re-run (any seed) updates the same patient rows.
    const id = uuidOf(`${HISTORY_MARK}-patient-${k}`);
    patients.push({ id, lang });
    rows.patient.push({
      id, created_at: stamp(riyadh(options.from, 0)), updated_at: stamp(riyadh(options.from, 0)), hospital_id: ctx.hospitalId,
      mrn: `${HISTORY_MARK}-${String(k + 1).padStart(7, '0')}`, full_name_en: `${FIRST_EN[f]} ${LAST_EN[l]}`, full_name_ar: `${FIRST_AR[f]} ${LAST_AR[l]}`,
      sex: f % 2 === 0 ? 'male' : 'female', phone: testPhone(k), preferred_language: lang, opt_out_sms: false, opt_out_whatsapp: false, opt_out_email: false, deceased: false,
    });
  }

  const physiciansIn = (codes: string[]) => ctx.physicians.filter((p) => codes.includes(p.departmentCode));
  const opdPhysicians = physiciansIn(['OPD', 'IM', 'CARD', 'SURG', 'PED']);
  const edPhysicians = physiciansIn(['ED']);
  const ipdPhysicians = physiciansIn(['IM', 'CARD', 'SURG', 'PED']);
  // Each physician a quality of their own (−8 … +8 points) and each department a mean of its own.
  const physicianEffect = new Map(ctx.physicians.map((p) => [p.id, normal(r) * 4]));
  const departmentEffect: Record<string, number> = { ED: -4, IM: 1, CARD: 3, SURG: 0, PED: 4, OPD: 2 };
  const physicianDepartment = new Map(ctx.physicians.map((p) => [p.id, p.departmentCode]));

  let visit = 0;
  let complaintNo = 0;
  let actionNo = 0;
  for (let date = options.from; date <= options.to; date = addDays(date, 1)) {
    const dow = dayOfWeek(date);
    const ramadan = isRamadan(date);
    const summer = isSummer(date);
    const afterQi = date >= options.interventionDate;
    // Improvement reaches its full effect over three weeks after the intervention.
    const qiProgress = afterQi ? clamp((Date.parse(date) - Date.parse(options.interventionDate)) / (21 * 86_400_000), 0, 1) : 0;
    const opdBase = dow === 5 ? 22 : dow === 6 ? 55 : dow === 4 ? 150 : 175;
    const journeys: ['OPD' | 'EMS' | 'INPATIENT', number][] = [
      ['OPD', poissonish(r, opdBase * options.scale * (ramadan ? 0.85 : 1) * (summer ? 0.85 : 1))],
      ['EMS', poissonish(r, 62 * options.scale * (dow >= 5 ? 1.12 : 1) * (summer ? 1.1 : 1))],
      ['INPATIENT', poissonish(r, (dow >= 5 ? 9 : 15) * options.scale)],
    ];
    for (const [journey, count] of journeys) {
      for (let i = 0; i < count; i++) {
        visit++;
        const pool = journey === 'OPD' ? opdPhysicians : journey === 'EMS' ? edPhysicians : ipdPhysicians;
        const physician = pool[Math.floor(r() * pool.length)];
        const depCode = physicianDepartment.get(physician.id)!;
        const patient = patients[Math.floor(r() * patients.length)];
        // Hour of arrival, Riyadh time. In Ramadan clinics split into a late morning and an evening session.
        let hour: number;
        if (journey === 'OPD') hour = ramadan ? (r() < 0.55 ? 20 + r() * 3.5 : 10 + r() * 4.5) : 7.5 + r() * 8.5;
        else if (journey === 'EMS') hour = ramadan ? (r() < 0.5 ? 19 + r() * 6 : r() * 24) : (r() < 0.6 ? 9 + r() * 14 : r() * 24);
        else hour = 8 + r() * 12;
        const started = riyadh(date, hour);
        const lengthH = journey === 'OPD' ? 0.75 + r() * 2.5 : journey === 'EMS' ? 1 + r() * (afterQi ? 4 : 7) : 24 * (1 + Math.floor(r() * 6));
        const ended = hoursAfter(started, lengthH);
        if (ended > now) continue;
        const encounterId = uuid(r);
        const visitNumber = `${HISTORY_MARK}-${String(visit).padStart(8, '0')}`;
        rows.encounter.push({
          id: encounterId, created_at: stamp(started), updated_at: stamp(ended), hospital_id: ctx.hospitalId, visit_number: visitNumber,
          workflow_id: `encounter:DEMO:${visitNumber}`, journey_code: journey, journey_version: 1, patient_id: patient.id,
          attending_physician_id: physician.id, department_id: ctx.departments[depCode], patient_class: journey === 'OPD' ? 'O' : journey === 'EMS' ? 'E' : 'I',
          status: 'completed', started_at: stamp(started), last_event_at: stamp(ended), ended_at: stamp(ended),
        });

        // Satisfaction: the department, the physician, the season, and the ED before and after its QI project.
        const edShift = depCode === 'ED' ? -6 + 12 * qiProgress : 0;
        const latent = 74 + (departmentEffect[depCode] ?? 0) + physicianEffect.get(physician.id)! + edShift - (ramadan ? 3 : 0) - (summer ? 2 : 0) + normal(r) * 13;
        const waitingPenalty = depCode === 'ED' ? 18 * (1 - qiProgress) : journey === 'OPD' && ramadan ? 6 : 0;

        // Survey: most visits get one, a few hours after the visit; about four in ten are answered.
        const template = ctx.templates[journey];
        if (r() < 0.88) {
          const sent = hoursAfter(ended, 2 + r() * 4);
          if (sent < now) {
            const channel = r() < 0.6 ? 'whatsapp' : 'sms';
            const answeredProb = (channel === 'whatsapp' ? 0.45 : 0.32) * (ramadan ? 0.92 : 1);
            const answeredAt = hoursAfter(sent, r() < 0.7 ? r() * 6 : 6 + r() * 60);
            const answered = r() < answeredProb && answeredAt < now;
            const expires = hoursAfter(sent, 7 * 24);
            const surveyId = uuid(r);
            let scored: ReturnType<typeof scoreSurvey> | undefined;
            if (answered) {
              const answers = answersFor(r, template.scoring, latent, waitingPenalty);
              scored = scoreSurvey(template.scoring, answers);
              rows.survey_response.push({
                id: uuid(r), created_at: stamp(answeredAt), updated_at: stamp(answeredAt), survey_id: surveyId,
                answers: JSON.stringify(answers), normalised: JSON.stringify(scored.normalised), submitted_via: channel === 'whatsapp' ? 'whatsapp' : 'web', submitted_at: stamp(answeredAt),
              });
            }
            rows.survey_instance.push({
              id: surveyId, created_at: stamp(sent), updated_at: stamp(answered ? answeredAt : sent), hospital_id: ctx.hospitalId,
              workflow_id: `survey:${HISTORY_MARK}:${visitNumber}`, template_id: template.id, template_code: template.code, encounter_id: encounterId,
              stage_code: journey === 'OPD' ? 'VISIT_END' : null, patient_id: patient.id,
              status: answered ? 'completed' : expires < now ? 'expired' : 'sent', language: patient.lang, channel,
              scheduled_for: stamp(sent), sent_at: stamp(sent), reminders_sent: answered ? 0 : 1, expires_at: stamp(expires),
              completed_at: answered ? stamp(answeredAt) : null, responded_via: answered ? (channel === 'whatsapp' ? 'whatsapp' : 'web') : null,
              score: scored?.score ?? null, nps_category: scored?.npsCategory ?? null, top_box: scored?.topBox ?? null,
              negative: scored?.negative ?? false, negative_reasons: JSON.stringify(scored?.negativeReasons ?? []),
            });
            // A negative answer sometimes becomes a PX action.
            if (scored?.negative && r() < 0.03) addAction('survey', surveyId, answeredAt, depCode, 'Follow up a negative survey answer');
          }
        }

        // Complaints: about 6 per 1,000 visits (12 after a stay), many more in the ED before its improvement (waiting times).
        const edWaiting = depCode === 'ED' ? 9 * (1 - qiProgress) : 0;
        const rate = (journey === 'INPATIENT' ? 12 : 6) + edWaiting + (ramadan ? 1 : 0);
        if (r() * 1000 < rate) {
          const raised = hoursAfter(ended, 1 + r() * 48);
          if (raised < now) addComplaint(raised, depCode, encounterId, patient, r() * rate < edWaiting ? 'waiting_time' : undefined);
        }
      }
    }
  }

  function addComplaint(raised: Date, depCode: string, encounterId: string, patient: { id: string; lang: 'ar' | 'en' }, forced?: string) {
    complaintNo++;
    const category = forced ? COMPLAINT_CATEGORIES[0] : pick(r, COMPLAINT_CATEGORIES.map((c) => [c, c.weight] as [typeof c, number]));
    const severity = pick(r, SEVERITIES);
    const source = pick(r, SOURCES);
    const [ackH, resolveH] = SLA_HOURS[severity];
    const acknowledgeBy = hoursAfter(raised, ackH);
    const resolveBy = hoursAfter(raised, resolveH);
    // About nine in ten acknowledged in time, 85 % resolved in time; MOH 937 cases move fastest.
    const ackAt = hoursAfter(raised, ackH * (r() < 0.91 ? 0.1 + r() * 0.85 : 1.1 + r() * 1.5));
    const resolveFactor = source === 'moh_937' ? 0.5 : 1;
    const resolvedAt = hoursAfter(raised, Math.max(ackH * 1.2, resolveH * resolveFactor * (r() < 0.85 ? 0.2 + r() * 0.75 : 1.05 + r() * 0.8)));
    const resolved = resolvedAt < now;
    const acknowledged = ackAt < now;
    const closedAt = hoursAfter(resolvedAt, 24 + r() * 48);
    const closed = closedAt < now;
    const id = uuid(r);
    const year = raised.getUTCFullYear();
    rows.complaint.push({
      id, created_at: stamp(raised), updated_at: stamp(closed ? closedAt : resolved ? resolvedAt : raised), hospital_id: ctx.hospitalId,
      reference_no: `CMP-${HISTORY_MARK}-${year}-${String(complaintNo).padStart(6, '0')}`, workflow_id: null, workflow_started_at: null,
      department_id: ctx.departments[depCode], patient_id: patient.id, encounter_id: encounterId, severity, category: category.code, subcategory: null,
      description: patient.lang === 'ar' ? category.ar : category.en, source_channel: source,
      status: closed ? 'closed' : resolved ? 'resolved' : acknowledged ? 'in_progress' : 'open', language: patient.lang,
      escalation_level: ackAt > acknowledgeBy ? 1 : 0, acknowledge_by: stamp(acknowledgeBy), resolve_by: stamp(resolveBy),
      acknowledged_at: acknowledged ? stamp(ackAt) : null, resolved_at: resolved ? stamp(resolvedAt) : null, closed_at: closed ? stamp(closedAt) : null,
      root_cause: resolved ? `${category.code.replace('_', ' ')}: process` : null, resolution_notes: resolved ? 'Explained to the patient; the unit reviewed the case.' : null,
    });
    if ((severity === 'high' || severity === 'critical') && r() < 0.6) addAction('complaint', id, ackAt, depCode, `Prevent a repeat: ${category.code.replace('_', ' ')}`, severity);
  }

  function addAction(sourceType: 'survey' | 'complaint', sourceId: string, opened: Date, depCode: string, title: string, priority = pick(r, [['medium', 60], ['low', 25], ['high', 15]] as [string, number][])) {
    if (opened >= now) return;
    actionNo++;
    const dueDays = { critical: 3, high: 7, medium: 14, low: 30 }[priority] ?? 14;
    const dueAt = hoursAfter(opened, dueDays * 24);
    const submittedAt = hoursAfter(opened, dueDays * 24 * (r() < 0.8 ? 0.3 + r() * 0.65 : 1.05 + r() * 0.6));
    const approvedAt = hoursAfter(submittedAt, 4 + r() * 44);
    const approved = approvedAt < now;
    const submitted = submittedAt < now;
    rows.px_action.push({
      id: uuid(r), created_at: stamp(opened), updated_at: stamp(approved ? approvedAt : submitted ? submittedAt : opened), hospital_id: ctx.hospitalId,
      reference_no: `ACT-${HISTORY_MARK}-${opened.getUTCFullYear()}-${String(actionNo).padStart(6, '0')}`, workflow_id: null, workflow_started_at: null,
      department_id: ctx.departments[depCode], source_type: sourceType, source_id: sourceId, title, description: null, priority,
      status: approved ? 'approved' : submitted ? 'submitted' : 'in_progress', escalation_level: submittedAt > dueAt && !submitted ? 1 : 0,
      due_at: stamp(dueAt), evidence: submitted ? 'Checklist updated and shared with the unit.' : null,
      submitted_at: submitted ? stamp(submittedAt) : null, approved_at: approved ? stamp(approvedAt) : null,
    });
  }

  return rows;
}
