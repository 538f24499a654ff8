import { describe, expect, it } from 'vitest';
import { parseMysqlUrl } from './mysql-url';

describe('parseMysqlUrl', () => {
  it('takes the URL apart, decoding user and password, port 3306 by default', () => {
    expect(parseMysqlUrl('mysql://us%40er:p%3Ass@db.example:3307/ct_1')).toEqual({
      host: 'db.example',
      port: 3307,
      user: 'us@er',
      password: 'p:ss',
      database: 'ct_1',
    });
    expect(parseMysqlUrl('mysql://[::1]/app')).toMatchObject({ host: '::1', port: 3306 });
  });

  it('refuses anything else under the field it is told, never repeating the URL', () => {
    const bad = [
      'postgres://u:secret@h/db',
      'mysql://u:secret@h',
      'mysql://u:secret@h/a/b',
      'mysql://u:secret@h/db?ssl=1',
      'mysql://u:secret@h/db%2',
      'mysql://u:secret@h/d.b',
      `mysql://u:secret@h/${'d'.repeat(65)}`,
      'not a url secret',
      42,
    ];
    for (const value of bad) {
      expect(() => parseMysqlUrl(value, 'DATABASE_URL')).toThrow(
        expect.objectContaining({
          field: 'DATABASE_URL',
          message: expect.not.stringContaining('secret'),
        }),
      );
    }
  });
});
