/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../lambdas/local/web-site';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser';
import { startLocalStackProcess, type RunningStack } from '../support/local-stack-process';

const OUTPUT = join(__dirname, '..', 'output');
const STATEMENT = join(__dirname, '..', 'fixtures', 'categorised', 'za-bank-assessment.csv');
/** Polls until the check holds (the page updates after the API answers). */
async function waitUntil(check: () => Promise<boolean>, what: string, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const PAGES = [
  '/',
  '/transactions',
  '/upload',
  '/accounts',
  '/budgets',
  '/insights',
  '/forecast',
  '/goals',
  '/coach',
  '/settings',
];

/**
 * The web app as a person uses it, in a real headless Chromium against `npm start`'s own
 * process: sign in, upload a real export and watch it finish, correct a category and see the
 * similar rows follow, undo, and every page opened with no console error and no serious
 * accessibility finding. A screenshot of each page lands in test/output/.
 */
describe('the web app in a browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    ensureWebBuilt();
    [stack, browser] = await Promise.all([startLocalStackProcess(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in on the local stack with one click', async () => {
    await page.goto(stack.url);
    await page.getByRole('button', { name: 'Sign in on this machine' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });

  it('uploads a real export and shows its progress until it is complete', async () => {
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.locator('input[type=file]').setInputFiles(STATEMENT);
    await page.getByRole('table', { name: 'The first rows as they would import' }).waitFor();
    const firstPreviewRow = await page.locator('tbody tr').first().innerText();
    expect(firstPreviewRow).toContain('SMS Notification Fee');
    await page.getByRole('button', { name: /^Import / }).click();
    await page.locator('[data-status=complete]').waitFor({ timeout: 120_000 });
    const rows = readFileSync(STATEMENT, 'utf8').trim().split('\n').length - 1;
    await expect(page.getByRole('status').filter({ hasText: 'Complete' }).innerText()).resolves.toContain(
      `imported ${new Intl.NumberFormat('en-US').format(rows)}`,
    );
  });

  it('finds a row, changes its category, sees the similar rows follow, and undoes it', async () => {
    await page.getByRole('link', { name: 'Transactions', exact: true }).click();
    await page.getByRole('searchbox').fill('SMS Notification Fee');
    const selects = page.getByRole('combobox', { name: /^Category of SMS Notification Fee/i });
    await waitUntil(async () => (await selects.count()) > 2, 'the search shows several SMS fee rows');
    const before = await selects.nth(1).inputValue();
    const target = before === 'Entertainment' ? 'Travel' : 'Entertainment';
    await selects.first().selectOption(target);
    await page.getByRole('status').filter({ hasText: 'similar' }).waitFor();
    await waitUntil(
      async () =>
        (await selects.evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).every((v) => v === target),
      'every similar row follows',
    );

    await page.getByRole('button', { name: 'Undo' }).click();
    await waitUntil(async () => (await selects.nth(1).inputValue()) === before, 'the similar rows are back');
    expect(await selects.first().inputValue()).toBe(before);
  });

  it('sets a budget and shows its bar with the projected month-end', async () => {
    await page.getByRole('link', { name: 'Budgets', exact: true }).click();
    const form = page.getByRole('form', { name: 'Set a budget' });
    await form.getByRole('combobox', { name: 'Category or group' }).selectOption('wants');
    await form.getByRole('textbox', { name: 'Monthly limit' }).fill('250');
    await form.getByRole('button', { name: 'Set budget' }).click();
    const bar = page.getByRole('meter', { name: /^wants: spent of limit/ });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuemax')).toBe('25000');
  });

  it('opens every page with no console error and no serious accessibility violation', async () => {
    const findings: Record<string, string[]> = {};
    for (const path of PAGES) {
      // A returning person on the local stack is signed in again without a click.
      await page.goto(`${stack.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({
        path: join(OUTPUT, `page${path === '/' ? '-overview' : path.replace(/\//g, '-')}.png`),
        fullPage: true,
      });
      const violations = await seriousAccessibilityViolations(page);
      if (violations.length > 0)
        findings[path] = violations.map(
          (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
        );
    }
    expect(findings).toEqual({});
    expect(consoleErrors).toEqual([]);
  });

  it('works by keyboard alone and fits a 375 px wide phone', async () => {
    // One browser context throughout: this Chromium build runs single-process, where closing a second context ends the browser.
    const small = page;
    await small.setViewportSize({ width: 375, height: 740 });
    await small.goto(stack.url);
    await small.getByRole('button', { name: 'Sign out' }).click();
    await small.getByRole('button', { name: 'Sign in on this machine' }).focus();
    await small.keyboard.press('Enter');
    await small.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    // Focus moves to the page's content on every page change; the navigation is reached back from there.
    await waitUntil(
      async () => (await small.evaluate(() => document.activeElement?.id)) === 'main',
      'focus is on the page content',
    );
    let found = false;
    for (let i = 0; i < 20 && !found; i += 1) {
      await small.keyboard.press('Shift+Tab');
      found = (await small.evaluate(() => document.activeElement?.textContent)) === 'Transactions';
    }
    expect(found).toBe(true);
    await small.keyboard.press('Enter');
    await small.getByRole('heading', { name: 'Transactions', level: 1 }).waitFor();
    const overflow = await small.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await small.screenshot({ path: join(OUTPUT, 'phone-transactions.png') });
  });
});
