/**
 * What the browser journeys share: the browser, the server, the screenshots and the few form helpers.
 * Not a test file: the e2e project collects only `e2e/**\/*.test.ts`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Locator, type Page } from 'playwright-core';
import type { TestApp } from '../test/support/app.ts';

const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn('e2e skipped: /usr/bin/chromium not installed (apt-get install chromium)');

export const ROOT = path.resolve(import.meta.dirname, '..');
const WEB_INDEX = path.join(ROOT, 'dist/web/index.html');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** Before a journey: the built web app must be there; makes the folder for its screenshots. */
export function prepareJourney(shotsDir: string) {
  if (!fs.existsSync(WEB_INDEX)) {
    throw new Error('dist/web is missing: run `npm run build` first (`npm run test:e2e` does both)');
  }
  fs.mkdirSync(shotsDir, { recursive: true });
}

/**
 * `shot(page, name, fullPage?)` saving `<dir>/<name>.png`. With `scrollToTop` (the default) a full-page
 * picture is taken from the top: of a scrolled page it draws the fixed header where the scroll left it.
 */
export function shotsIn(dir: string, { scrollToTop = true }: { scrollToTop?: boolean } = {}) {
  return async function shot(page: Page, name: string, fullPage = true) {
    await page.waitForLoadState('networkidle');
    await page.mouse.move(0, 0); // no hover highlight in the picture
    if (scrollToTop && fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage, animations: 'disabled' });
  };
}

/**
 * A form field by its label; a required field's label ends in an asterisk. Only inputs: a select's open
 * (or closing) option list carries the same label.
 */
export function field(scope: Page | Locator, label: string) {
  return scope
    .getByLabel(new RegExp(`^${label.replace(/[.()]/g, '\\$&')}\\s*\\*?$`))
    .and(scope.locator('input:not([type="hidden"]):not([type="radio"]), textarea'));
}

export async function signIn(page: Page, email: string, password: string) {
  await field(page, 'Email').fill(email);
  await field(page, 'Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/**
 * Picks an option of a Mantine Select, the one labelled so `within` a part of the page (the whole page by
 * default); a searchable one can be given `search` text to type first.
 */
export async function choose(
  page: Page,
  label: string,
  option: string,
  { within = page, search }: { within?: Page | Locator; search?: string } = {},
) {
  const input = field(within, label);
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Uncaught exceptions, whatever the Content-Security-Policy refused, and, unless `console: false`, React's
 * console errors (a div inside a paragraph, a missing key ...). Refused requests the journey provokes on
 * purpose (401 before signing in, 409 duplicates) are not errors of the page.
 */
export function collectErrors(
  page: Page,
  { console: withConsole = true }: { console?: boolean } = {},
): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error' || message.text().startsWith('Failed to load resource')) return;
    if (withConsole || message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  return errors;
}

/** Starts the test app on a free local port; answers its base URL. */
export async function serve(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/**
 * Debian's Chromium, headless. Every context it opens waits up to two minutes for an element or a navigation
 * (Playwright's 30 s default is a time limit a loaded 2-core machine can miss); polls have their own limit.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(120_000);
    context.setDefaultNavigationTimeout(120_000);
    return context;
  };
  return browser;
}
