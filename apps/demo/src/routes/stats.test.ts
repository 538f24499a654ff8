import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /stats and GET /metrics', () => {
  it('count a miss, then a hit, with the hit ratio', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    await t.app.inject({ method: 'GET', url: '/people/ada' });
    await t.app.inject({ method: 'GET', url: '/people/ada' });
    const response = await t.app.inject({ method: 'GET', url: '/stats' });
    expect(response.statusCode).toBe(200);
    const after = response.json();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    expect(after.hitRatio).toBeCloseTo(after.hits / (after.hits + after.misses));
    expect(after).toMatchObject({ breakerState: 'closed', cacheErrors: 0, useDb: false });
  });

  it('count the people the read routes answered by source, with latency percentiles', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    await t.app.inject({ method: 'GET', url: '/people/grace' });
    await t.app.inject({ method: 'GET', url: '/people/grace' });
    await t.app.inject({ method: 'GET', url: '/people?ids=grace,edsger,nobody' });
    await t.app.inject({ method: 'GET', url: '/people/nobody' });
    const after = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    expect(after.reads.cache - before.reads.cache).toBe(2);
    expect(after.reads.db - before.reads.db).toBe(2);
    expect(after.latencyMs.samples - before.latencyMs.samples).toBe(3);
    expect(after.latencyMs.p99).toBeGreaterThanOrEqual(after.latencyMs.p50);
    expect(after.latencyMs.p50).toBeGreaterThan(0);
  });

  it('/metrics is Prometheus text with the service counters and process metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/people/alan' });
    await t.app.inject({ method: 'GET', url: '/people/alan' });
    const stats = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toContain('# TYPE cachetoggle_cache_hits_total counter');
    expect(text).toContain(`\ncachetoggle_cache_hits_total ${stats.hits}\n`);
    expect(text).toContain(`\ncachetoggle_cache_misses_total ${stats.misses}\n`);
    expect(text).toContain(`\ncachetoggle_db_reads_total ${stats.dbReads}\n`);
    expect(text).toContain('cachetoggle_breaker_state{server="default",state="closed"} 1');
    expect(text).toContain('cachetoggle_breaker_state{server="default",state="open"} 0');
    expect(text).toContain('cachetoggle_pending_invalidations{server="default"} 0');
    expect(text).toContain('\ncachetoggle_use_db 0\n');
    const counters = Object.keys(stats).filter(
      (k) => typeof stats[k] === 'number' && !['pendingInvalidations', 'hitRatio'].includes(k),
    );
    expect(text.match(/^# TYPE cachetoggle_\w+ counter$/gm)).toHaveLength(counters.length);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
