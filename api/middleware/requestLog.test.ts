import { loggablePath } from './requestLog';

describe('request log paths', () => {
  it('masks the token of a survey link, which would let a log reader answer as the patient', () => {
    const token = 'q8ZrT3vUu0c9bWmJ4YkP2xLr7sA1dF6gH5jK0lN9oEw';
    expect(loggablePath(`/s/${token}`)).toBe('/s/…');
    expect(loggablePath(`/s/${token}/opt-out`)).toBe('/s/…/opt-out');
    expect(loggablePath('/api/v1/surveys/3f1c')).toBe('/api/v1/surveys/3f1c');
  });
});
