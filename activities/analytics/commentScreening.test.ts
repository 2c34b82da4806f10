import { MASK, screenComment } from './commentScreening';

const masked = (comment: string, names?: string[]) => screenComment(comment, { names }).text;
const kinds = (comment: string, names?: string[]) => screenComment(comment, { names }).spans.map((s) => s.kind);

describe('comment screening for physicians', () => {
  it('leaves a clean comment as it is, unflagged, numbers of everyday life included', () => {
    for (const comment of [
      'The doctor explained everything clearly. Waited 45 minutes in room 12.',
      'الطبيب كان ممتاز وشرح لي كل شيء، انتظرت ٢٠ دقيقة فقط',
      'Appointment on 2026-11-30 at 10:30, clinic 3.',
      'Better than in 2025 2026 and 30 11 2026.',
      'The class was in the classic building, assessment done.',
    ]) {
      expect(screenComment(comment)).toEqual({ text: comment, flagged: false, spans: [] });
    }
  });

  it('hides Saudi phone numbers however written, and nothing around them', () => {
    expect(masked('Call me on 0551234567 please')).toBe(`Call me on ${MASK} please`);
    expect(masked('my number +966 55 123 4567.')).toBe(`my number ${MASK}.`);
    expect(masked('رقمي ٠٥٥١٢٣٤٥٦٧ اتصلوا')).toBe(`رقمي ${MASK} اتصلوا`);
    expect(masked('call 055-123-4567 or 00966551234567')).toBe(`call ${MASK} or ${MASK}`);
    expect(kinds('0551234567')).toEqual(['phone']);
  });

  it('hides national ids and iqamas: ten digits starting with 1 or 2', () => {
    expect(masked('ID 1012345678 and iqama 2198765432')).toBe(`ID ${MASK} and iqama ${MASK}`);
    expect(kinds('هويتي ١٠١٢٣٤٥٦٧٨')).toEqual(['national_id']);
    expect(masked('هويتي ١٠١٢٣٤٥٦٧٨')).toBe(`هويتي ${MASK}`);
    // Ten digits starting with 3 are not an id (still a long number, hidden as a phone-like number).
    expect(kinds('3012345678')).not.toContain('national_id');
  });

  it('hides medical record numbers, labelled or bare, keeping the label', () => {
    expect(masked('My MRN: A123456 was wrong')).toBe(`My MRN: ${MASK} was wrong`);
    expect(masked('file no 4455 on the form')).toBe(`file no ${MASK} on the form`);
    expect(masked('رقم الملف ٤٤٥٥٦٦ غلط')).toBe(`رقم الملف ${MASK} غلط`);
    expect(kinds('record 884422')).toEqual(['mrn']);
    expect(masked('write to sara.q@example.com')).toBe(`write to ${MASK}`);
  });

  it('hides names: the ones given, and the name after a title, keeping the title', () => {
    expect(masked('Sara Alqahtani at the desk was kind; Sara smiled', ['Sara Alqahtani'])).toBe(`${MASK} at the desk was kind; ${MASK} smiled`);
    expect(masked('Dr. Khalid was rude and nurse Mona ignored us')).toBe(`Dr. ${MASK} was rude and nurse ${MASK} ignored us`);
    expect(masked('الدكتور خالد العتيبي كان ممتاز')).toBe(`الدكتور ${MASK} كان ممتاز`);
    expect(masked('الممرضة منى لم ترد')).toBe(`الممرضة ${MASK} لم ترد`);
    expect(masked('شكرا لـ سارة القحطاني', ['سارة القحطاني'])).toBe(`شكرا لـ ${MASK}`);
    expect(kinds('Dr. Khalid')).toEqual(['name']);
  });

  it('hides English and Arabic profanity, whole words only, through tatweel and diacritics', () => {
    expect(masked('This is bullshit, the wait was shitty')).toBe(`This is ${MASK}, the wait was ${MASK}`);
    expect(masked('WTF is this service')).toBe(`${MASK} is this service`);
    expect(masked('يا كلب ما تفهم')).toBe(`${MASK} ما تفهم`);
    expect(masked('الموظف حقير')).toBe(`الموظف ${MASK}`);
    expect(masked('الموظف كـلـب')).toBe(`الموظف ${MASK}`);
    expect(masked('الموظف حَقِير جداً')).toBe(`الموظف ${MASK} جداً`);
    // Inside other words nothing is hidden.
    expect(screenComment('Scunthorpe dickens shitake assessment').flagged).toBe(false);
    expect(screenComment('الكلبية مشهورة').flagged).toBe(false);
  });

  it('flags a comment with anything hidden and reports each span on the original text', () => {
    const comment = 'Dr. Khalid gave me 0551234567, damn';
    const result = screenComment(comment);
    expect(result.flagged).toBe(true);
    expect(result.spans.map((s) => [comment.slice(s.start, s.end), s.kind])).toEqual([
      ['Khalid', 'name'],
      ['0551234567', 'phone'],
      ['damn', 'profanity'],
    ]);
    expect(result.text).toBe(`Dr. ${MASK} gave me ${MASK}, ${MASK}`);
  });
});
