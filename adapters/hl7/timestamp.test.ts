import { hl7DateTimeToIso, hl7DateToIsoDate } from './timestamp';

describe('hl7DateTimeToIso', () => {
  it.each([
    ['20240101120000+0300', '2024-01-01T09:00:00.000Z'],
    ['20240101120000-0500', '2024-01-01T17:00:00.000Z'],
    ['20240101013000+0300', '2023-12-31T22:30:00.000Z'],
    ['20240101120000+0000', '2024-01-01T12:00:00.000Z'],
    ['198908181126+0215', '1989-08-18T09:11:00.000Z'],
    ['20240101120000', '2024-01-01T12:00:00.000Z'],
    ['202401011200', '2024-01-01T12:00:00.000Z'],
    ['2024010112', '2024-01-01T12:00:00.000Z'],
    ['20240101', '2024-01-01T00:00:00.000Z'],
    ['202401', '2024-01-01T00:00:00.000Z'],
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['20240229235959.1234+0300', '2024-02-29T20:59:59.123Z'],
    ['20150624074727.6550-0600', '2015-06-24T13:47:27.655Z'],
    [' 20240101120000+0300 ', '2024-01-01T09:00:00.000Z'],
  ])('%s -> %s', (value, iso) => {
    expect(hl7DateTimeToIso(value)).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '2024-01-01T12:00:00Z',
    '2024010',
    '20241301',
    '20230229',
    '20240132',
    '20240101250000',
    '20240101126000',
    '202401011200.5',
    '20240101120000+03',
    '20240101120000+1900',
  ])('rejects %j', (value) => {
    expect(hl7DateTimeToIso(value)).toBeUndefined();
  });
});

describe('hl7DateToIsoDate', () => {
  it('keeps the calendar date as sent, whatever the time and offset', () => {
    expect(hl7DateToIsoDate('19850214')).toBe('1985-02-14');
    expect(hl7DateToIsoDate('198808181126+0215')).toBe('1988-08-18');
    expect(hl7DateToIsoDate('19850214000000-1000')).toBe('1985-02-14');
  });

  it('needs a full, valid date', () => {
    expect(hl7DateToIsoDate('1985')).toBeUndefined();
    expect(hl7DateToIsoDate('198502')).toBeUndefined();
    expect(hl7DateToIsoDate('19850230')).toBeUndefined();
    expect(hl7DateToIsoDate('')).toBeUndefined();
  });
});
