import { describe, expect, it } from 'vitest';
import { parseMemcacheServers } from './memcache-server-list';

describe('parseMemcacheServers', () => {
  it('reads host:port entries, 11211 by default, IPv6 in brackets', () => {
    expect(parseMemcacheServers(' a:1, b ,[::1]:3').map((s) => s.name)).toEqual([
      'a:1',
      'b:11211',
      '[::1]:3',
    ]);
  });

  it('refuses empty lists and entries, bad ports, repeats and credentials, under its field', () => {
    for (const value of ['', 'a:1,', 'a:0', 'a:65536', 'a:1,A:1', 'u:secret@a:1', 'a b:1', 7]) {
      expect(() => parseMemcacheServers(value, 'MEMCACHE_SERVERS')).toThrow(
        expect.objectContaining({
          field: 'MEMCACHE_SERVERS',
          message: expect.not.stringContaining('secret'),
        }),
      );
    }
  });
});
