import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { defaultDataDir } from './data-dir';

function rejection(env: NodeJS.ProcessEnv): ValidationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('an empty environment gives the documented defaults and a generated admin token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      database: undefined,
      memcacheServers: undefined,
      cacheTtlSeconds: 300,
      useDb: false,
      port: 3000,
      host: '127.0.0.1',
      adminTokenGenerated: true,
      bodyLimitBytes: 16 * 1024,
      maxIdsPerRequest: 100,
      dbPoolSize: 10,
      logLevel: 'info',
    });
    expect(config.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loadConfig({}).adminToken).not.toBe(config.adminToken);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://app:s3cret@db.example:3307/people',
      MEMCACHE_SERVERS: '10.0.0.1:11211, cache.example:11212',
      CACHE_TTL_SECONDS: '60',
      USE_DB: 'TRUE',
      PORT: '0',
      HOST: '0.0.0.0',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      BODY_LIMIT_BYTES: '1024',
      MAX_IDS_PER_REQUEST: '5',
      DB_POOL_SIZE: '3',
      LOG_LEVEL: 'debug',
      DEMO_DATA_DIR: '/srv/demo',
    });
    expect(config.database?.url()).toBe('mysql://app:s3cret@db.example:3307/people');
    expect(config.database?.display).toBe('mysql://db.example:3307/people');
    expect(config).toMatchObject({
      memcacheServers: ['10.0.0.1:11211', 'cache.example:11212'],
      cacheTtlSeconds: 60,
      useDb: true,
      port: 0,
      host: '0.0.0.0',
      adminToken: 'a-long-enough-admin-token',
      adminTokenGenerated: false,
      bodyLimitBytes: 1024,
      maxIdsPerRequest: 5,
      dbPoolSize: 3,
      logLevel: 'debug',
      dataDir: '/srv/demo',
    });
  });

  it('empty variables count as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '', USE_DB: '' })).toMatchObject({
      database: undefined,
      port: 3000,
      useDb: false,
    });
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['CACHE_TTL_SECONDS', '0'],
    ['CACHE_TTL_SECONDS', String(31 * 24 * 3600)],
    ['USE_DB', 'maybe'],
    ['HOST', 'a host'],
    ['ADMIN_TOKEN', 'short'],
    ['ADMIN_TOKEN', 'has spaces in the middle'],
    ['BODY_LIMIT_BYTES', '1e6'],
    ['MAX_IDS_PER_REQUEST', '0'],
    ['DB_POOL_SIZE', '1000'],
    ['LOG_LEVEL', 'verbose'],
    ['MEMCACHE_SERVERS', 'localhost:port'],
    ['MEMCACHE_SERVERS', 'a:11211,a:11211'],
    ['MEMCACHE_SERVERS', 'a:11211,,b:11211'],
    ['MEMCACHE_SERVERS', 'a:99999'],
  ])('a bad %s (%j) is an error naming the variable', (name, value) => {
    const error = rejection({ [name]: value });
    expect(error.field).toBe(name);
    expect(error.message).toMatch(new RegExp(`^${name}: `));
  });

  it.each([
    'not a url',
    'postgres://app:s3cret@db.example/people',
    'mysql://app:s3cret@db.example:3306/',
    'mysql://app:s3cret@db.example:3306/people;drop',
    'mysql://app:s3cret@db.example:3306/people?ssl=false',
    'mysql://app:s3cret@:3306/people',
  ])('a bad DATABASE_URL (%s) is rejected without echoing it', (url) => {
    const error = rejection({ DATABASE_URL: url });
    expect(error.field).toBe('DATABASE_URL');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('db.example');
  });

  it('printing the config never shows the database password', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db.example/people' });
    expect(JSON.stringify(config)).not.toContain('s3cret');
    expect(String(config.database)).toBe('mysql://db.example:3306/people');
    expect(inspect(config)).not.toContain('s3cret');
  });
});

describe('defaultDataDir', () => {
  it('inside the checkout is .demo-data at the workspace root', () => {
    const dir = defaultDataDir();
    expect(dir).toMatch(/\.demo-data$/);
    expect(dir).not.toContain(join('apps', 'demo'));
  });

  it('outside a checkout is under the temporary directory', () => {
    expect(defaultDataDir('/')).toBe(join(tmpdir(), 'cachetoggle-demo'));
  });
});
