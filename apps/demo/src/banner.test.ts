import { describe, expect, it } from 'vitest';
import { startupBanner } from './banner';

const base = {
  url: 'http://127.0.0.1:3000',
  config: { adminToken: 'banner-token-0123456789', adminTokenGenerated: false },
  db: 'mysql://db:3306/people',
  cache: 'memcached cache1:11211',
};

describe('the startup banner', () => {
  it('suggests reading a person the database holds, and names the dashboard', () => {
    const text = startupBanner({ ...base, examplePersonId: 'grace' });
    expect(text).toContain('  dashboard: http://127.0.0.1:3000/\n');
    expect(text).toContain('  curl -i http://127.0.0.1:3000/people/grace\n');
    expect(text).not.toContain('/people/ada');
    expect(text).not.toContain('-X POST');
  });

  it('on a database without the sample people, suggests a create and no id it does not hold', () => {
    const text = startupBanner({ ...base, examplePersonId: undefined });
    const lines = text.split('\n');
    const create = lines.findIndex((line) => line.includes('-X POST http://127.0.0.1:3000/people'));
    expect(create).toBeGreaterThan(0);
    expect(lines[create]).toContain(`-d '{"firstName":"Ada","lastName":"Lovelace"}'`);
    expect(lines[create + 1]).toBe('  curl -i http://127.0.0.1:3000/people/<the id in its answer>');
    expect(text).not.toContain('/people/ada');
  });

  it('shows the admin token, saying when it was generated', () => {
    expect(startupBanner({ ...base, examplePersonId: 'ada' })).toContain(
      '  admin token: banner-token-0123456789\n',
    );
    const generated = { ...base.config, adminTokenGenerated: true };
    expect(startupBanner({ ...base, config: generated, examplePersonId: 'ada' })).toContain(
      'admin token (generated; set ADMIN_TOKEN to choose one): banner-token-0123456789',
    );
  });
});
