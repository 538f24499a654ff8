import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './test-app';

/** Where the screenshot goes (ignored by git). */
const SCREENSHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url));

let t: TestApp;
let browser: Browser;
let page: Page;
let url: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('requestfailed', (request) => pageErrors.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() === 404) pageErrors.push(`404: ${response.url()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const number = (id: string) => page.locator(`#${id}`).textContent().then(Number);

/** Waits until the page shows a whole poll interval with reads from `from` only. */
async function readsComeFrom(from: 'cache' | 'db'): Promise<void> {
  const other = from === 'cache' ? 'db' : 'cache';
  await expect
    .poll(
      async () => {
        const [mine, theirs] = await Promise.all([number(`rate-${from}`), number(`rate-${other}`)]);
        return mine > 0 && theirs === 0;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

describe('the dashboard in Chromium', () => {
  it('loads from the demo alone: charts, hit ratio, mode and servers', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('#mode').textContent()).toBe('cache');
    await expect
      .poll(() => page.locator('#mode-source').textContent())
      .toBe('this process only (no mode row written yet)');
    expect(await page.locator('canvas').count()).toBe(4);
    await expect.poll(() => page.locator('#servers td').first().textContent()).toBe('default');
    await expect.poll(() => page.locator('#hit-ratio').textContent()).toMatch(/%$/);
    await expect
      .poll(() => page.locator('#load-hint').textContent())
      .toContain('ada, alan, grace, edsger, barbara, tony');
    expect(pageErrors).toEqual([]);
  });

  it('a lookup shows the person and where the answer came from', async () => {
    await page.fill('#lookup-id', 'grace');
    await page.click('#lookup button');
    await expect
      .poll(() => page.locator('#lookup-source').textContent())
      .toMatch(/^x-cache-source: (db|cache)$/);
    expect(await page.locator('#lookup-result').textContent()).toContain('"lastName": "Hopper"');
  });

  it('a wrong token shows the 401 message and changes nothing', async () => {
    await page.fill('#token', 'not-the-admin-token');
    await page.click('#use-db');
    await expect
      .poll(() => page.locator('#mode-message').textContent())
      .toBe('401: this needs the header Authorization: Bearer <ADMIN_TOKEN>');
    expect(t.backends.service.mode().useDb).toBe(false);
  });

  it('under load, flipping the mode moves the reads from cache to db and back', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    await page.click('#load-button');
    await readsComeFrom('cache');

    await page.fill('#token', TEST_ADMIN_TOKEN);
    await page.click('#use-db');
    await expect.poll(() => page.locator('#mode').textContent()).toBe('db');
    expect(t.backends.service.mode().useDb).toBe(true);
    await expect
      .poll(() => page.locator('#mode-source').textContent())
      .toBe('for every process on this database');
    await readsComeFrom('db');
    expect(await number('rate-dbreads')).toBeGreaterThan(0);

    await page.click('#use-cache');
    await expect.poll(() => page.locator('#mode').textContent()).toBe('cache');
    await readsComeFrom('cache');
    expect(await page.locator('#chart-reads canvas').count()).toBe(1);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    await page.click('#load-button');
    await expect.poll(() => page.locator('#load-progress').textContent()).toContain('finished');

    const after = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    expect(after.reads.cache - before.reads.cache).toBeGreaterThan(0);
    expect(after.reads.db - before.reads.db).toBeGreaterThan(0);
    expect(after.cacheErrors).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
