/** What the story needs around the browser: sign-in at the sandbox, screenshots, axe scans, a PNG. */
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const SCREENSHOTS = join(__dirname, 'screenshots');
export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
] as const;

/** A browser of its own (cookies, storage); the sandbox login page's web font is not fetched (no internet needed). */
export async function newBrowser(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { ...VIEWPORTS[1] } });
  await context.route(/fonts\.googleapis\.com|fonts\.gstatic\.com/, (route) => route.abort());
  const faults: string[] = [];
  context.on('console', (message) => {
    // what the Content-Security-Policy refused (e.g. an inline onload handler), and what Angular's
    // ErrorHandler caught (it logs "ERROR …")
    if (message.type() === 'error' && /Content Security Policy|^ERROR\b/.test(message.text())) {
      faults.push(`${message.location().url}: ${message.text().split('\n')[0]}`);
    }
  });
  context.on('weberror', (error) => faults.push(`uncaught: ${error.error().message}`));
  pageFaults.set(context, faults);
  return context;
}

/** Each browser's script errors and Content-Security-Policy refusals, so far. */
const pageFaults = new WeakMap<BrowserContext, string[]>();

/**
 * Opens the app, which sends the browser to the sandbox's OIDC login page (mock-oauth2-server):
 * the typed username becomes the token's `sub`, the claims JSON its name and email.
 */
export async function signIn(page: Page, username: string, name: string, path = '/'): Promise<void> {
  await page.goto(path);
  await atLoginPage(page, username, name);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * The sandbox's login page, reached by a redirect: types the user in and waits to be back on the
 * gateway. `claims` go on top of name and email (a `scope` claim replaces the granted scopes).
 */
export async function atLoginPage(page: Page, username: string, name: string, claims: Record<string, unknown> = {}): Promise<void> {
  await page.waitForURL(/localhost:8090\/lightweight\/authorize/);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('textarea[name="claims"]').fill(JSON.stringify({ name, email: `${username}@example.com`, ...claims }));
  await page.getByRole('button', { name: 'Sign-in' }).or(page.locator('input[type="submit"]')).first().click();
  await page.waitForURL((url) => url.origin === 'http://localhost:8080' && !url.pathname.startsWith('/auth/'));
}

/**
 * The page at the phone's and the desktop's size: a full-page screenshot of each under
 * screenshots/ (git-ignored), and an axe-core scan (WCAG 2.1 A and AA) of each that must find
 * nothing serious or critical.
 */
export async function lookAt(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  const findings: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.width}x${viewport.height}.png`), fullPage: true });
    const scan = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      // the PDF viewer inside the frame is the browser's, not ours
      .exclude('iframe')
      .analyze();
    for (const violation of scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      const where = violation.nodes.map((node) => node.target.join(' ')).join('; ');
      findings.push(`${viewport.width}px ${violation.impact} ${violation.id}: ${violation.help} at ${where}`);
    }
  }
  if (original) {
    await page.setViewportSize(original);
  }
  expect(findings, `axe on ${name}`).toEqual([]);
  expect(pageFaults.get(page.context()) ?? [], `script errors or CSP refusals until ${name}`).toEqual([]);
}

/** Only the digits of an amount as shown ("₦1,234.50" → "123450"): equal to the server's minor units. */
export function digits(text: string | null): string {
  return (text ?? '').replace(/\D/g, '').replace(/^0+(?=\d)/, '');
}

/** A valid size × size PNG of one colour, made here (no file in the repository). */
export function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
