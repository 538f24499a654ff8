import { describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from './chromium';

describe('the browser of the dashboard test', () => {
  it("is Debian's chromium unless CHROMIUM_PATH names another", () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });

  it('when missing, is reported with its path and how to install it', async () => {
    await expect(launchChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).rejects.toThrow(
      'chromium: not found at /nonexistent/chromium. Install it (Debian/Ubuntu: `apt-get install -y chromium`',
    );
  });
});
