import { describe, expect, it } from 'vitest';
import { isAdminAuthorization } from './admin-auth';

const TOKEN = 'correct-horse-battery-staple';

describe('isAdminAuthorization', () => {
  it('accepts exactly Bearer <token>, the scheme in any case', () => {
    expect(isAdminAuthorization(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(isAdminAuthorization(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the bare token', TOKEN],
    ['another scheme', `Basic ${TOKEN}`],
    ['a wrong token of the same length', `Bearer ${'x'.repeat(TOKEN.length)}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${TOKEN}x`],
    ['an empty bearer', 'Bearer '],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
  ])('rejects %s', (_, header) => {
    expect(isAdminAuthorization(header, TOKEN)).toBe(false);
  });
});
