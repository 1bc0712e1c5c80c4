import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'demo-placements-2026';
export const DEMO = {
  admin: { email: 'admin@ahp-placements.example', name: 'Alex Morgan' },
  coordinator: { email: 'p.raman@northdale.ac.example', name: 'Priya Raman' },
  provider: { email: 'placements@northdale-mh.nhs.example', name: 'Dr Fiona Clarke' },
  student: { email: 'demo.student@student.northdale.ac.example', name: 'Sam Taylor' },
} as const;

/**
 * Every test fails if the page logs an error: a script error or a Content Security Policy
 * violation among them.
 */
export const test = base.extend<{ consoleErrors: string[]; auditEveryPage: void }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        // The browser logs every 4xx answer; those are the API doing its job (a refused sign-in,
        // a duplicate e-mail), and each test asserts what the page makes of them.
        if (
          message.type() === 'error' &&
          !/Failed to load resource: the server responded with a status of 4\d\d/.test(
            message.text(),
          )
        ) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
  /**
   * Every page a test visits is checked with axe once it has rendered, not only those a test
   * checks itself: each new address (ids folded, so /placements/:id is one page) is audited as
   * the test reaches it. A page the test leaves before it has rendered is skipped, not failed.
   */
  auditEveryPage: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const seen = new Set<string>();
      let queue = Promise.resolve();
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame() || !frame.url().startsWith('http')) return;
        const path = new URL(frame.url()).pathname.replace(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
          ':id',
        );
        if (seen.has(path)) return;
        seen.add(path);
        queue = queue.then(async () => {
          try {
            const here = () => new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id');
            await page.locator('main h1').first().waitFor({ timeout: 5_000 });
            if (here() !== path) return;
            const found = await seriousViolations(page);
            // The test moved on while axe was reading: what it saw was half one page and half
            // the next (which has its own audit), so it says nothing about this one.
            if (here() !== path) return;
            for (const problem of found) problems.push(`${path}: ${problem}`);
          } catch {
            // Gone before it rendered (a redirect, or the test moved on): nothing to judge.
          }
        });
      });
      await use();
      await queue;
      expect(problems, 'serious or critical accessibility problems on pages visited').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Signs in through the form; unless told the attempt should fail, waits for the home page. */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  expectSuccess = password === DEMO_PASSWORD,
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (expectSuccess)
    await expect(page.getByRole('heading', { level: 1 })).toContainText('attention');
}

/** No serious or critical WCAG 2.2 AA problems on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** One axe run at a time per page: the page-by-page audit and a test's own checks take turns. */
const axeTurns = new WeakMap<Page, Promise<unknown>>();

/** axe's serious and critical WCAG 2.2 AA findings on the page as it is now, one line each. */
function seriousViolations(page: Page): Promise<string[]> {
  const run = (axeTurns.get(page) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => analyse(page));
  axeTurns.set(page, run);
  return run;
}

async function analyse(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The newest e-mail the server wrote for `to` (development mail is written to DATA_DIR/mail). */
export async function latestMailTo(to: string, timeoutMs = 15_000): Promise<string> {
  const dir = join(process.env['E2E_DATA_DIR'] ?? '', 'mail');
  const safe = to.replace(/[^a-z0-9@._-]/gi, '_');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let files: string[] = [];
    try {
      files = readdirSync(dir)
        .filter((file) => file.endsWith(`-${safe}.eml`))
        .sort();
    } catch {
      // not created yet
    }
    if (files.length) return readFileSync(join(dir, files[files.length - 1]), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No e-mail to ${to} within ${timeoutMs} ms`);
}

export function invitationPath(mail: string): string {
  const unfolded = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /https?:\/\/[^/\s]+(\/accept-invitation\?token=[A-Za-z0-9_-]+)/.exec(unfolded);
  if (!match) throw new Error('No invitation link in the e-mail');
  return match[1];
}

/**
 * Calls the API as a demo user, for setting the scene quickly (the journey under test still goes
 * through the pages). Fails the test on any error answer.
 */
export async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const { accessToken, user } = (await login.json()) as {
    accessToken: string;
    user: { id: string; organisationId: string | null };
  };
  return {
    user,
    async get<T>(path: string): Promise<T> {
      const reply = await request.get(path, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(reply.status(), `${path}: ${await reply.text()}`).toBeLessThan(300);
      return (await reply.json()) as T;
    },
    async post<T>(path: string, data: object = {}): Promise<T> {
      const reply = await request.post(path, {
        data,
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(reply.status(), `${path}: ${await reply.text()}`).toBeLessThan(300);
      return (await reply.json()) as T;
    },
  };
}
