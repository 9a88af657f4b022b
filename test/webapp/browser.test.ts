import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INIT_DATA_HEADER } from '../../src/webapp/server.ts';
import { nameOf } from '../support/two-bodies.ts';
import type { World } from '../support/world.ts';
import { A, B, baseUrl, dashboardWorld, initDataFor, telegramIdOf } from './dashboard-world.ts';

/** Debian's Chromium (CI installs it, see .ci/run); no browser is downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('test/webapp/screenshots');

const LIGHT = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#707579',
  link_color: '#3390ec',
  button_color: '#3390ec',
  button_text_color: '#ffffff',
  secondary_bg_color: '#f4f4f5',
};
const DARK = {
  bg_color: '#212121',
  text_color: '#ffffff',
  hint_color: '#aaaaaa',
  link_color: '#8774e1',
  button_color: '#8774e1',
  button_text_color: '#ffffff',
  secondary_bg_color: '#0f0f0f',
};

let world: World;
let context: BrowserContext;
let userDataDir: string;
/** Every address the pages asked for: none may leave the bot's own server. */
const requested: string[] = [];

/** Opens the dashboard as Telegram does: the signed launch data and the theme in the URL fragment. */
async function openAs(initData: string, theme: Record<string, string> = LIGHT): Promise<Page> {
  const page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  const fragment = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  await page.goto(`${baseUrl(world)}#${fragment.toString()}`);
  return page;
}

/** The text of every screen the HR officer was shown. */
const shownToOfficer: string[] = [];

async function shoot(page: Page, name: string): Promise<void> {
  if (name.includes('officer')) shownToOfficer.push((await page.locator('body').textContent()) ?? '');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const t = (lang: 'kk' | 'ru', key: string, options?: Record<string, unknown>) =>
  world.app.services.translator.forLanguage(lang)(key, options);

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is needed for the dashboard's browser tests: install it (apt-get install chromium) or set CHROMIUM_PATH (${CHROMIUM} is missing)`,
    );
  // The page as `npm start` serves it: built by vite into webapp/dist.
  execFileSync(path.resolve('node_modules/.bin/vite'), ['build', '--config', 'webapp/vite.config.ts'], {
    stdio: 'pipe',
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  world = await dashboardWorld();
  // The HR head reads the bot in Kazakh; everyone else in Russian.
  await world.app.services.models.Account.updateOne(
    { telegramId: telegramIdOf(A, '901') },
    { language: 'kk' },
  );
  userDataDir = mkdtempSync(path.join(tmpdir(), 'bagalau-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // A phone.
    viewport: { width: 390, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await world?.stop();
});

describe('the dashboard in a real browser', () => {
  it("shows the HR officer their body's progress per unit, reminders, and no scores", async () => {
    const page = await openAs(initDataFor(world, telegramIdOf(A, '900')));
    await page.getByTestId('progress-unit').first().waitFor();
    // Nothing of the caller stays in the address.
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.getByTestId('tab-results').count()).toBe(0);
    const dep = page.locator('[data-testid="progress-unit"][data-unit="DEP"]');
    await expect
      .poll(() => dep.getByTestId('count-late').textContent())
      .toBe(t('ru', 'webapp:progress.states.late', { count: 1 }));
    // The theme Telegram passed is the page's.
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(244, 244, 245)');
    await page.getByTestId('evaluator-row').first().waitFor();
    await shoot(page, '1-officer-progress-ru');
    // The client switches its theme: the page follows (the bridge's theme_changed event).
    await page.evaluate(
      `window.Telegram.WebView.receiveEvent('theme_changed', { theme_params: { secondary_bg_color: '#eaf2fb' } })`,
    );
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(234, 242, 251)');

    await dep.getByTestId('remind-unit').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/\d/);
    await shoot(page, '2-officer-reminded-ru');

    // The 360 campaign: counts only.
    const survey = await world.app.services.models.SurveyCampaign.findOne({
      organisationCode: A.code,
      year: 2026,
    });
    await page.getByTestId('campaign').selectOption(String(survey!._id));
    await page.getByText(t('ru', 'webapp:progress.anonymous')).waitFor();
    await shoot(page, '3-officer-360-ru');

    await page.getByTestId('tab-register').click();
    await page.getByTestId('register-row').first().waitFor();
    await page.getByTestId('filter-unack').click();
    await expect.poll(() => page.getByTestId('register-row').count()).toBe(1);
    expect(await page.getByTestId('register-row').textContent()).toContain(nameOf(A, '103'));
    await shoot(page, '4-officer-register-unacknowledged-ru');

    await page.getByTestId('tab-appeals').click();
    await page.getByTestId('appeal-row').first().waitFor();
    await shoot(page, '5-officer-appeals-ru');

    expect(shownToOfficer.join('\n')).not.toMatch(/4,25|3,50|4\.25/);
    expect(shownToOfficer.join('\n')).not.toContain(B.prefix);
    await page.close();
  });

  it('shows the HR head the bands per unit, a person with the radar and the quarter history, and the training needs', async () => {
    const page = await openAs(initDataFor(world, telegramIdOf(A, '901'), { languageCode: 'kk' }), DARK);
    await page.getByTestId('tab-results').click();
    const chart = page.getByTestId('band-chart');
    await chart.waitFor();
    expect(await drawn(page, '[data-testid="band-chart"]')).toBe(true);
    await page.getByTestId('need').first().waitFor();
    await page.getByTestId('people-row').first().waitFor();
    expect(await page.getByText(t('kk', 'webapp:tabs.results')).count()).toBeGreaterThan(0);
    await shoot(page, '6-head-results-kk');

    await page
      .getByTestId('person')
      .filter({ hasText: nameOf(A, '102') })
      .click();
    await page.getByTestId('radar').waitFor();
    expect(await drawn(page, '[data-testid="radar"]')).toBe(true);
    const history = await page.getByTestId('history').textContent();
    expect(history).toContain('4,25');
    expect(history).toContain('3,50');
    await shoot(page, '7-head-person-radar-kk');
    await page.close();
    const view = await world.app.services.models.AuditLog.findOne({
      action: 'results.view',
      telegramId: telegramIdOf(A, '901'),
      'details.kind': 'survey360',
    }).lean();
    expect(view?.organisationCode).toBe(A.code);
  });

  it("answers another body's ids with 403 and forged or expired launch data with 401", async () => {
    const valid = initDataFor(world, telegramIdOf(A, '900'));
    const page = await openAs(valid);
    await page.getByTestId('progress-unit').first().waitFor();
    const bCampaign = await world.app.services.models.RankingCampaign.findOne({
      organisationCode: B.code,
    }).lean();
    const status = (path: string, initData: string) =>
      page.evaluate(
        async ([url, header, value]) => (await fetch(url!, { headers: { [header!]: value! } })).status,
        [`api/${path}`, INIT_DATA_HEADER, initData],
      );
    expect(await status(`campaigns/${String(bCampaign!._id)}/progress`, valid)).toBe(403);
    expect(await status('session', valid.replace(/hash=[0-9a-f]{4}/, 'hash=0000'))).toBe(401);
    await page.close();

    const maxAge = world.app.services.config.WEBAPP_AUTH_MAX_AGE_SECONDS;
    const expired = await openAs(initDataFor(world, telegramIdOf(A, '900'), { ageSeconds: maxAge + 60 }));
    await expect.poll(() => expired.getByTestId('error').textContent()).toBe(t('ru', 'webapp:errors.reopen'));
    await shoot(expired, '8-expired-ru');
    await expired.close();

    const employee = await openAs(initDataFor(world, telegramIdOf(A, '102')));
    await expect
      .poll(() => employee.getByTestId('error').textContent())
      .toBe(t('ru', 'webapp:errors.notAllowed'));
    await shoot(employee, '9-employee-not-allowed-ru');
    await employee.close();
  });

  it('loads nothing from anywhere but the bot itself', () => {
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((url) => !url.startsWith(baseUrl(world)))).toEqual([]);
  });
});

/** Whether a chart's canvas has anything drawn on it (run in the page, hence a string). */
function drawn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    return Boolean(data && data.some((value, i) => i % 4 === 3 && value > 0));
  })()`);
}
