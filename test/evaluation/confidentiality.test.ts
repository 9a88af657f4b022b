import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { confidentialityOf, mayView, type ResultDocument } from '../../src/evaluation/confidentiality.ts';
import { getMethodology } from '../../src/methodology/index.ts';
import type { Actor } from '../../src/people/access.ts';

const ORG = 'body-a';
const ids = {
  evaluatee: new Types.ObjectId(),
  evaluator: new Types.ObjectId(),
  reviewer: new Types.ObjectId(),
};

const sheet = (overrides: Partial<ResultDocument> = {}): ResultDocument => ({
  kind: 'ranking',
  id: String(new Types.ObjectId()),
  organisationCode: ORG,
  methodologyId: 'almaty-city-akimat-2023',
  evaluateeId: ids.evaluatee,
  evaluatorId: ids.evaluator,
  reviewerId: ids.reviewer,
  openCase: null,
  ...overrides,
});

const actor = (
  roles: string[],
  options: { id?: Types.ObjectId; org?: string; admin?: boolean; scope?: string } = {},
): Actor => ({
  telegramId: 1,
  employee: roles.length
    ? {
        _id: options.id ?? new Types.ObjectId(),
        organisationCode: options.org ?? ORG,
        roles,
        status: 'active',
      }
    : null,
  isAdmin: options.admin ?? false,
  chosenScope: options.scope ?? null,
});

describe('mayView', () => {
  it('lets the evaluatee, the evaluator, the reviewing superior and the HR head of the body see a sheet', () => {
    expect(mayView(actor(['employee'], { id: ids.evaluatee }), sheet())).toEqual({
      allowed: true,
      as: 'evaluatee',
    });
    expect(mayView(actor(['employee'], { id: ids.evaluator }), sheet())).toEqual({
      allowed: true,
      as: 'evaluator',
    });
    expect(mayView(actor(['employee'], { id: ids.reviewer }), sheet())).toEqual({
      allowed: true,
      as: 'evaluator',
    });
    expect(mayView(actor(['employee', 'hrHead']), sheet())).toEqual({ allowed: true, as: 'hrHead' });
  });

  it("refuses a colleague, a plain HR officer, another body's HR head and an administrator", () => {
    expect(mayView(actor(['employee']), sheet()).allowed).toBe(false);
    expect(mayView(actor(['employee', 'hr']), sheet()).allowed).toBe(false);
    expect(mayView(actor(['employee', 'hrHead'], { org: 'body-b' }), sheet()).allowed).toBe(false);
    expect(mayView(actor([], { admin: true, scope: ORG }), sheet()).allowed).toBe(false);
  });

  it('gives a 360 result to no respondent: it has no evaluator', () => {
    const result = sheet({ kind: 'survey360', evaluatorId: null, reviewerId: null });
    expect(mayView(actor(['employee'], { id: ids.evaluator }), result).allowed).toBe(false);
    expect(mayView(actor(['employee'], { id: ids.evaluatee }), result).allowed).toBe(true);
  });

  it('lets calibration members see the case while it is open (the session hook)', () => {
    const member = new Types.ObjectId();
    const during = sheet({ openCase: { memberIds: [member], authorisedPersonId: null } });
    expect(mayView(actor(['employee'], { id: member }), during)).toEqual({ allowed: true, as: 'caseMember' });
    expect(mayView(actor(['employee'], { id: member }), sheet()).allowed).toBe(false);
  });
});

describe('confidentialityOf', () => {
  it('reads the seeds: strictly confidential in Almaty city, the official-necessity exception in Justice', () => {
    const almaty = confidentialityOf(getMethodology('almaty-city-akimat-2023'));
    expect(almaty.classification).toBe('strictlyConfidential');
    expect(almaty.viewers).toMatchObject({ hrOfficer: 'progressAndDelivery', admin: 'nothing' });
    expect(confidentialityOf(getMethodology('justice-2026')).exceptions).toContain('officialNecessity');
    expect(almaty.exceptions).not.toContain('officialNecessity');
  });
});
