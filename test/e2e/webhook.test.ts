import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createCampaign, launchCampaign } from '../../src/evaluation/survey360/campaign.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import { FakeBotApi } from '../harness/index.ts';
import { answerQuestionnaire, METHODOLOGY, ORG, PEOPLE, seedDepartment } from '../support/survey360.ts';
import { freshDbName, TEST_TOKEN, testAnswersKey } from '../support/test-app.ts';
import type { World } from '../support/world.ts';

const SECRET = 'test-webhook-secret-0123456789';
const ADMIN_ID = 7900;
const api = new FakeBotApi();
const dbName = freshDbName('webhook');
const instances: RunningApp[] = [];
const served = [0, 0];
let balancer: Server;
let balancerUrl = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A round-robin load balancer: each request goes to the next instance, whatever chat it is from. */
function startBalancer(ports: number[]): Promise<number> {
  let next = 0;
  balancer = createServer((req, res) => {
    const index = next++ % ports.length;
    served[index]!++;
    const upstream = request(
      { host: '127.0.0.1', port: ports[index], path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    balancer.listen(0, '127.0.0.1', () => resolve((balancer.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  const { apiRoot } = await api.start();
  const ports = [await freePort(), await freePort()];
  balancerUrl = `http://127.0.0.1:${await startBalancer(ports)}/telegram`;
  for (const port of ports) {
    const config = loadConfig({
      BOT_TOKEN: TEST_TOKEN,
      MONGODB_URI: inject('mongoUri'),
      MONGODB_DB: dbName,
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: 'silent',
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      ANSWERS_KEY: testAnswersKey(dbName),
      BOT_MODE: 'webhook',
      WEBHOOK_URL: balancerUrl,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(port),
      WEBHOOK_HOST: '127.0.0.1',
    });
    instances.push(await startApp(config, { now: () => new Date('2026-12-01T04:00:00Z') }));
  }
  const world = { app: instances[0]! } as unknown as World;
  await seedDepartment(world);
  const { models } = instances[0]!.services;
  const created = await createCampaign(models, { organisationCode: 'test-akimat', year: 2026, createdBy: 1 });
  if (!created.ok) throw new Error(created.problem);
  const launched = await launchCampaign(models, created.campaignId);
  if (!launched.ok) throw new Error(launched.problem);
}, 60_000);

afterAll(async () => {
  for (const app of instances) await app.stop();
  await new Promise((resolve) => balancer.close(resolve));
  await api.stop();
});

describe('webhook mode: two instances behind one URL', () => {
  it('both registered the one URL with the secret, and a request without the secret is refused', async () => {
    expect(api.calls.filter((c) => c.method === 'setWebhook').map((c) => c.params.url)).toEqual([
      balancerUrl,
      balancerUrl,
    ]);
    const refused = await fetch(balancerUrl, { method: 'POST', body: JSON.stringify({ update_id: 1 }) });
    expect(refused.status).toBe(401);
  });

  it("serve one respondent's questionnaire with taps arriving at both: nothing lost, nothing counted twice", async () => {
    served[0] = 0;
    served[1] = 0;
    const respondent = api.user({ id: PEOPLE[1]!.telegramId, firstName: PEOPLE[1]!.name });
    await answerQuestionnaire(respondent, 'Head One', 'heads', (c, q) => 1 + ((c + q) % 5));
    expect(served[0]).toBeGreaterThan(10);
    expect(served[1]).toBeGreaterThan(10);
    const { models } = instances[1]!.services;
    const head = await models.Employee.findOne({ personnelNumber: '1001' });
    const target = await models.SurveyTarget.findOne({ employeeId: head!._id });
    const respondentId = (await models.Employee.findOne({ personnelNumber: PEOPLE[1]!.number }))!._id;
    const assignment = await models.SurveyAssignment.findOne({ targetId: target!._id, respondentId });
    expect(assignment?.done).toBe(true);
    expect(await models.SurveySealedResponse.countDocuments()).toBe(1);
  });

  it('a wizard opened on one instance goes on at the other: each update of the chat lands on the other one', async () => {
    const admin = api.user({ id: ADMIN_ID, firstName: 'Admin', languageCode: 'ru' });
    const t = instances[0]!.services.translator.forLanguage('ru');
    const dialogue = () =>
      instances[0]!.services.models.ConversationState.findById(`chat:${ADMIN_ID}`).lean();
    await admin.send(`/scope ${ORG}`);
    // Both instances have now handled this chat with no dialogue open.
    await admin.send('/help');
    await admin.send('/help');
    served[0] = 0;
    served[1] = 0;
    await admin.send('/newcampaign');
    expect(admin.lastMessage()?.text).toBe(t('wizard:family.ask'));
    expect(await dialogue()).not.toBeNull();
    await admin.tap(t('wizard:family.ranking'));
    expect(admin.lastMessage()?.text).toContain(getMethodology(METHODOLOGY)!.title.ru);
    await admin.tap(t('wizard:scheme.quarter'));
    expect(admin.lastMessage()?.text).not.toContain(getMethodology(METHODOLOGY)!.title.ru);
    expect(admin.callbackAnswers().map((a) => a.text)).not.toContain(t('errors.staleButton'));
    await admin.send('/cancel');
    expect(admin.lastMessage()?.text).toBe(t('wizard:cancelLeft'));
    expect(await dialogue()).toBeNull();
    // Round robin: the four updates alternated between the instances.
    expect(served).toEqual([2, 2]);
  });
});
