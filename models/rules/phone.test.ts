import { DEFAULT_PHONE_COUNTRY_CODE, asciiDigits, isDialable, looksLikePhone, normalisePhone, phoneDigits, phoneForms, phoneFromParts } from './phone';

describe('normalisePhone: the one stored form', () => {
  it.each([
    ['+966551234567', '+966551234567'],
    [' +966 55 123 4567 ', '+966551234567'],
    ['+966-55-123-4567', '+966551234567'],
    ['00966551234567', '+966551234567'],
    ['0551234567', '+966551234567'],
    ['055 123 4567', '+966551234567'],
    ['(055) 123-4567', '+966551234567'],
    ['٠٥٥ ١٢٣ ٤٥٦٧', '+966551234567'],
    ['۰۵۵۱۲۳۴۵۶۷', '+966551234567'],
    ['+٩٦٦٥٥١٢٣٤٥٦٧', '+966551234567'],
    ['055 123 4567 ext. 9', '+966551234567'],
    ['+971501234567', '+971501234567'],
    ['00971501234567', '+971501234567'],
  ])('%p → %p with country code 966', (input, stored) => {
    expect(normalisePhone(input, '966')).toBe(stored);
  });

  it('gives a national number the deployment\'s own country code', () => {
    expect(normalisePhone('0501234567', '971')).toBe('+971501234567');
    expect(normalisePhone('+966501234567', '971')).toBe('+966501234567');
    expect(DEFAULT_PHONE_COUNTRY_CODE).toBe('966');
  });

  it('keeps a form it cannot read with confidence as its digits, so no wrong number is texted', () => {
    expect(normalisePhone('2063345232', '966')).toBe('2063345232');
    expect(isDialable(normalisePhone('2063345232', '966'))).toBe(false);
  });

  it.each([undefined, null, '', '   ', '""', 'unknown', '12345', 'x1234567'])('finds no number in %p', (input) => {
    expect(normalisePhone(input, '966')).toBeUndefined();
  });

  it('is idempotent: a stored number normalises to itself', () => {
    for (const input of ['0551234567', '00966551234567', '+966551234567', '2063345232']) {
      const once = normalisePhone(input, '966');
      expect(normalisePhone(once, '966')).toBe(once);
    }
  });
});

describe('phoneDigits: digits without grouping or extension', () => {
  it('keeps the leading + and the national form', () => {
    expect(phoneDigits(' +966-55-123-4567 ')).toBe('+966551234567');
    expect(phoneDigits('055 123 4567 ext. 9')).toBe('0551234567');
    expect(phoneDigits('(050) 123-4567 x12')).toBe('0501234567');
    expect(phoneDigits('unknown')).toBeUndefined();
  });
});

describe('phoneFromParts (HL7 XTN country, area, local)', () => {
  it('drops the trunk prefix when a country code is given', () => {
    expect(phoneFromParts('966', '050', '1234567')).toBe('+966501234567');
    expect(phoneFromParts('+966', '(55)', '123 4567')).toBe('+966551234567');
  });

  it('reads the parts as a national number without a country code, and nothing without a local number', () => {
    expect(phoneFromParts(undefined, '050', '1234567')).toBe('0501234567');
    expect(phoneFromParts('966', '050', '')).toBeUndefined();
  });
});

describe('phoneForms: every way a stored row may hold the number', () => {
  it('starts with the international form and includes the older national, 00 and bare forms', () => {
    expect(phoneForms('+966551234567', '966')).toEqual(['+966551234567', '00966551234567', '966551234567', '0551234567']);
    expect(phoneForms('0551234567', '966')[0]).toBe('+966551234567');
  });

  it('gives no national form for another country, and nothing for text without a number', () => {
    expect(phoneForms('+971501234567', '966')).toEqual(['+971501234567', '00971501234567', '971501234567']);
    expect(phoneForms('not a phone', '966')).toEqual([]);
  });
});

describe('what a person typed', () => {
  it('tells a number with the usual grouping from words', () => {
    for (const ok of ['0551234567', '+966 55 123 4567', '(055) 123-4567', '٠٥٥ ١٢٣ ٤٥٦٧', '055.123.4567']) expect(looksLikePhone(ok)).toBe(true);
    for (const bad of ['call me', '055 123 4567 ext 9', '055+1234567', '', 'x']) expect(looksLikePhone(bad)).toBe(false);
  });

  it('reads Arabic-Indic and Persian digits as ASCII', () => {
    expect(asciiDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
  });
});

describe('isDialable', () => {
  it('accepts E.164 only', () => {
    expect(isDialable('+966551234567')).toBe(true);
    for (const bad of ['0551234567', '966551234567', '+0551234567', '+96655', '', null, undefined]) expect(isDialable(bad)).toBe(false);
  });
});
