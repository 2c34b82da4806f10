import { ConfigError } from '../../config';
import { checkBootstrapAdminPassword, passwordProblem } from './passwordPolicy';

describe('password rule', () => {
  it('refuses what guessers try first', () => {
    expect(passwordProblem('            ')).toBe('must not be only spaces');
    expect(passwordProblem('password1234')).toMatch(/too easy to guess/);
    expect(passwordProblem('123456789012')).toMatch(/too easy to guess/);
    expect(passwordProblem('short')).toMatch(/at least 12 characters/);
  });

  it('refuses the person\'s own email, name and hospital, and Saudi words', () => {
    expect(passwordProblem('noura.qahtani@kfsh.test', { email: 'noura.qahtani@kfsh.test' })).toMatch(/too easy to guess/);
    expect(passwordProblem('qahtaninoura1', { fullName: 'Noura Al-Qahtani' })).toMatch(/too easy to guess/);
    expect(passwordProblem('kfshkfsh2024', { hospitalCode: 'KFSH' })).toMatch(/too easy to guess/);
    expect(passwordProblem('bismillah1234')).toMatch(/too easy to guess/);
    // Without that context the same shape is fine: the context is what makes it guessable.
    expect(passwordProblem('qahtaninoura1')).toBeUndefined();
  });

  it('accepts a passphrase, and judges a very long password by its first 64 characters', () => {
    expect(passwordProblem('correct horse battery')).toBeUndefined();
    expect(passwordProblem('p@$$w0rd'.repeat(25))).toMatch(/too easy to guess/);
    expect(passwordProblem('a1!'.repeat(66))).toMatch(/too easy to guess/);
  });

  it('holds PX_ADMIN_PASSWORD to the same rule, naming the variable', () => {
    expect(() => checkBootstrapAdminPassword({ admin: { email: 'admin@px360.local', password: 'admin@px360.local' } })).toThrow(ConfigError);
    expect(() => checkBootstrapAdminPassword({ admin: { email: 'admin@px360.local', password: 'password1234' } })).toThrow(/PX_ADMIN_PASSWORD: is too easy to guess/);
    expect(() => checkBootstrapAdminPassword({ admin: { email: 'admin@px360.local', password: 'admin-password-for-tests' } })).not.toThrow();
    expect(() => checkBootstrapAdminPassword({ admin: { email: 'admin@px360.local' } })).not.toThrow();
  });
});
