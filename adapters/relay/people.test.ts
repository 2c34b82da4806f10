import { dialable } from './people';

describe('patient phone numbers', () => {
  it('turns the national and 00 forms hospital systems send into the international form texts need', () => {
    expect(dialable('0501234567', '966')).toBe('+966501234567');
    expect(dialable('00966501234567', '966')).toBe('+966501234567');
    expect(dialable('+971501234567', '966')).toBe('+971501234567');
    expect(dialable('0501234567', '971')).toBe('+971501234567');
  });

  it('keeps a form it cannot read with confidence, so no wrong number is texted', () => {
    expect(dialable('2063345232', '966')).toBe('2063345232');
  });
});
