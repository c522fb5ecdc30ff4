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

  /** Whether the real export is in: a test that reads the person's figures brings it in itself when run alone. */
  let imported = false;

  /**
   * Each test starts from what it needs, not from what the tests before it left (so that any one
   * runs alone with `-t`): the page at `path`, signed in. A person who signed in before is signed
   * in again on load; one who never did signs in with the one click.
   */
  async function openSignedIn(path = '/'): Promise<void> {
    await page.goto(`${stack.url}${path}`);
    const signIn = page.getByRole('button', { name: 'Sign in on this machine' });
    const shell = page.getByRole('button', { name: 'Sign out' });
    await signIn.or(shell).first().waitFor();
    if (await signIn.isVisible()) await signIn.click();
    await shell.waitFor();
  }

  /** Uploads the real export through the Upload page and waits until it is complete. */
  async function uploadStatement(): Promise<void> {
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
    imported = true;
  }

  /** Signed in, with the real export in: what the tests that read a person's rows and figures start from. */
  async function openWithStatement(): Promise<void> {
    await openSignedIn();
    if (!imported) await uploadStatement();
  }

  it('signs in on the local stack with one click', async () => {
    await page.goto(stack.url);
    await page.getByRole('button', { name: 'Sign in on this machine' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });

  it('signs a returning person in on load, never showing a sign-in button about to vanish', async () => {
    await openSignedIn();
    // Hold the token request: while it is in flight the page must not offer the button.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const tokenAsked = new Promise<void>((resolve) => (asked = resolve));
    await page.route('**/local/token', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    try {
      await page.goto(stack.url);
      await tokenAsked;
      expect(await page.getByRole('button', { name: 'Sign in on this machine' }).count()).toBe(0);
      release();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    } finally {
      release();
      await page.unroute('**/local/token');
    }
  });

  it('uploads a real export and shows its progress until it is complete', async () => {
    await openSignedIn();
    await uploadStatement();
  });

  it('finds a row, changes its category, sees the similar rows follow, and undoes it', async () => {
    await openWithStatement();
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

  it('sets the balance of an account whose statement prints none, and the balance shown is that', async () => {
    await openWithStatement();
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    const unset = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Set the balance' }) })
      .first();
    await expect(unset.innerText()).resolves.toContain('the imported rows only');
    // The row by its account's name: its button goes while the balance is edited.
    const name = await unset.getByRole('cell').first().innerText();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: 'Set the balance' }).click();
    await row.getByRole('textbox').fill('1234.56');
    await row.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => /1,234\.56/.test(await row.innerText()), 'the balance reads what was set');
    // The net worth is read again with it.
    await waitUntil(
      async () => /1,234\.56/.test(await page.getByText(/^Now/).first().innerText()),
      'the net worth reads it too',
    );
  });

  it('sets a budget and shows its bar with the projected month-end', async () => {
    await openWithStatement();
    await page.getByRole('link', { name: 'Budgets', exact: true }).click();
    const form = page.getByRole('form', { name: 'Set a budget' });
    await form.getByRole('combobox', { name: 'Category or group' }).selectOption('wants');
    await form.getByRole('textbox', { name: 'Monthly limit' }).fill('250');
    await form.getByRole('button', { name: 'Set budget' }).click();
    const bar = page.getByRole('meter', { name: /^wants: spent of limit/ });
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuemax')).toBe('25000');
  });

  it('asks the coach a question, shows the answer from the person’s figures, and continues the conversation', async () => {
    await openWithStatement();
    await page.getByRole('link', { name: 'Coach', exact: true }).click();
    const form = page.getByRole('form', { name: 'Ask the coach' });
    await form.getByRole('textbox', { name: 'Your question' }).fill('Where did my money go last month?');
    const firstAnswer = page.waitForResponse((r) => r.url().endsWith('/api/coach') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Ask', exact: true }).click();
    const { conversationId } = (await (await firstAnswer).json()) as { conversationId: string };
    const turns = page.locator('.chat > li');
    await turns.first().locator('.answer').waitFor();
    await expect(turns.first().getByRole('heading', { level: 2 }).innerText()).resolves.toBe(
      'Where did my money go last month?',
    );
    // The deterministic coach answers for last month by name (the statement uploaded above is older, so it finds none).
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    expect(await turns.first().locator('.answer-text').innerText()).toContain(
      lastMonth.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    );
    expect(await form.getByRole('textbox', { name: 'Your question' }).inputValue()).toBe('');

    // No question: the most useful things now, in the same conversation, each with its evidence.
    const next = page.waitForRequest((r) => r.url().endsWith('/api/coach') && r.method() === 'POST');
    await form.getByRole('button', { name: 'What should I look at now?' }).click();
    expect((await next).postDataJSON()).toEqual({ conversationId });
    await turns.nth(1).locator('.answer').waitFor();
    const cards = turns.nth(1).locator('.advice > li');
    expect(await cards.count()).toBeGreaterThan(0);
    expect(await cards.count()).toBeLessThanOrEqual(3);
    for (let i = 0; i < (await cards.count()); i += 1) {
      const card = cards.nth(i);
      expect((await card.getByRole('heading', { level: 3 }).innerText()).length).toBeGreaterThan(0);
      expect(await card.locator('.evidence dt').count()).toBeGreaterThan(0);
    }
    expect(await turns.nth(1).innerText()).toMatch(/not financial advice/i);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: join(OUTPUT, 'coach-conversation.png'), fullPage: true });
  });

  it('says which figures the coach withheld, and when to ask again after a 429, readable at 375 px', async () => {
    // The page's own states, played through the API's contract: a withheld figure and a refusal.
    const answer = {
      answer: 'Groceries took the most last month. I could not confirm one figure, so it is left out.',
      advice: [
        {
          title: 'Groceries',
          body: 'Your largest category last month.',
          evidence: [{ label: 'Groceries, last month', value: 'R 1,234.00', source: 'summary' }],
        },
      ],
      conversationId: '9b0c5c1e-1b7e-4a53-9d0b-3c9f3b8f6d10',
      model: 'deterministic',
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      verifiedNumbers: 1,
      withheldNumbers: 1,
      toolCalls: 1,
      generatedAt: new Date().toISOString(),
      cached: false,
    };
    const errorsBefore = consoleErrors.length;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.route('**/api/coach', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) }),
    );
    await openSignedIn('/coach');
    await page.getByRole('button', { name: 'Which subscriptions could I drop?' }).click();
    await expect(page.getByRole('note').innerText()).resolves.toBe(
      'One figure in this answer could not be confirmed against your data, so it was left out.',
    );
    const evidence = page.getByRole('definition').first();
    expect(await evidence.innerText()).toBe('R 1,234.00 · summary');
    expect(await page.getByRole('term').first().innerText()).toBe('Groceries, last month');

    await page.unroute('**/api/coach');
    await page.route('**/api/coach', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '1800' },
        body: JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: '' }),
      }),
    );
    await page.getByRole('textbox', { name: 'Your question' }).fill('Can I afford a 1,200 holiday in August?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const refusal = page.getByRole('alert');
    await expect(refusal.innerText()).resolves.toMatch(/You can ask again in about 30 minutes \(after .+\)\./);
    // The question stays, to ask again.
    expect(await page.getByRole('textbox', { name: 'Your question' }).inputValue()).toBe(
      'Can I afford a 1,200 holiday in August?',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUTPUT, 'phone-coach.png'), fullPage: true });
    await page.unroute('**/api/coach');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The browser logs the refusal played above as a failed resource; nothing else may be logged.
    expect(consoleErrors.splice(errorsBefore).filter((line) => !/status of 429/.test(line))).toEqual([]);
  });

  it('exports everything from Settings: the export is queued, followed, and downloaded as a gzipped file', async () => {
    await openSignedIn();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export everything' }).click();
    await page.getByRole('status').filter({ hasText: 'Your export is ready' }).waitFor();
    expect((await download).suggestedFilename()).toMatch(/^smart-spend-export-.*\.ndjson\.gz$/);
  });

  it('opens every page with no console error and no serious accessibility violation', async () => {
    const findings: Record<string, string[]> = {};
    await openSignedIn();
    for (const path of PAGES) {
      // A returning person on the local stack is signed in again without a click.
      await page.goto(`${stack.url}${path}`);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
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
    await openSignedIn();
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
