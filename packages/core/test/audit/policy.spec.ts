// The reviewed-scope policy enforced at boot, before a request is signed and after the token response; every
// decision an audit record with its code.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent } from '../../src/audit/audit-event.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import type { PolicyDocument } from '../../src/policy/policy.js';
import { startTestAuthorizationServer, type TestAuthorizationServer } from '../../../testing/src/index.js';
import { startHarness } from '../adversarial/harness.js';
import { httpStatusOf } from '../../src/http/http-status.js';

const CLIENT = 'client-1';

function policyFor(overrides: Record<string, unknown> = {}): PolicyDocument {
  return {
    version: 1,
    clients: {
      [CLIENT]: {
        owner: { team: 'Payments', contact: 'payments@example.test' },
        purpose: 'Initiates customer payments',
        reviewedScopes: ['openid', 'profile', 'payments'],
        authorizationDetails: {
          payment_initiation: {
            maxAmount: { EUR: '100.00' },
            allowedFields: ['instructedAmount', 'creditorName', 'creditorAccount'],
          },
        },
        maxGrantLifetime: 600,
        reviewBy: '2999-12-31',
        ...overrides,
      },
    },
  } as PolicyDocument;
}

const payment = (amount: string, currency = 'EUR', extra: Record<string, unknown> = {}) => [
  { type: 'payment_initiation', instructedAmount: { currency, amount }, creditorName: 'Shop', ...extra },
];

describe('the reviewed-scope policy', () => {
  let as: TestAuthorizationServer;
  beforeAll(async () => {
    as = await startTestAuthorizationServer({ clientId: CLIENT });
  });
  afterAll(() => as.close());
  beforeEach(() => as.reset());

  const decisions = (events: AuditEvent[]) => events.filter((e) => e.type === 'policy.decision');

  describe('at boot', () => {
    it('refuses a default scope that was not reviewed, with ERR_POLICY_SCOPE_NOT_REVIEWED', async () => {
      const events: AuditEvent[] = [];
      await expect(
        startHarness({ as, policy: policyFor(), scope: 'openid admin', audit: (e) => void events.push(e) }),
      ).rejects.toMatchObject({ code: 'ERR_POLICY_SCOPE_NOT_REVIEWED', field: 'scope' });
      expect(decisions(events)).toEqual([
        expect.objectContaining({ stage: 'boot', outcome: 'refused', code: 'ERR_POLICY_SCOPE_NOT_REVIEWED' }),
      ]);
    });

    it('refuses a client the policy does not know, with ERR_POLICY_CLIENT_UNKNOWN', async () => {
      const policy = { version: 1, clients: { other: policyFor().clients[CLIENT]! } } as PolicyDocument;
      await expect(startHarness({ as, policy })).rejects.toMatchObject({ code: 'ERR_POLICY_CLIENT_UNKNOWN' });
    });

    it('warns of a passed review-by date, records it, and refuses it under policyStrict', async () => {
      const events: AuditEvent[] = [];
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        await startHarness({ as, policy: policyFor({ reviewBy: '2020-01-31' }), audit: (e) => void events.push(e) });
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('2020-01-31'), {
          code: 'SIGNET_POLICY_REVIEW_OVERDUE',
        });
      } finally {
        warn.mockRestore();
      }
      expect(decisions(events)).toEqual([
        expect.objectContaining({ stage: 'boot', outcome: 'warned', code: 'ERR_POLICY_REVIEW_OVERDUE' }),
      ]);
      await expect(
        startHarness({ as, policy: policyFor({ reviewBy: '2020-01-31' }), policyStrict: true }),
      ).rejects.toMatchObject({ code: 'ERR_POLICY_REVIEW_OVERDUE' });
    });

    it('records an allowed boot decision naming the review date', async () => {
      const h = await startHarness({ as, policy: policyFor() });
      expect(decisions(h.events)).toEqual([expect.objectContaining({ stage: 'boot', outcome: 'allowed' })]);
    });
  });

  describe('at authorize', () => {
    it('signs a request within the policy and marks its record allowed', async () => {
      const h = await startHarness({ as, policy: policyFor() });
      await h.begin({ scope: 'openid payments', authorizationDetails: payment('99.99') });
      expect(h.events.at(-1)).toMatchObject({ type: 'authorization.request', policy: 'allowed' });
    });

    it.each([
      ['a per-route scope not reviewed', { scope: 'openid admin' }, 'ERR_POLICY_SCOPE_NOT_REVIEWED'],
      [
        'an authorization_details type not allowed',
        { authorizationDetails: [{ type: 'account_information' }] },
        'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED',
      ],
      [
        'an amount over the reviewed maximum',
        { authorizationDetails: payment('100.01') },
        'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED',
      ],
      [
        'a currency not reviewed',
        { authorizationDetails: payment('1.00', 'USD') },
        'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED',
      ],
      [
        'a field not reviewed',
        { authorizationDetails: payment('1.00', 'EUR', { debtorAccount: { iban: 'x' } }) },
        'ERR_POLICY_AUTHORIZATION_DETAILS_REFUSED',
      ],
    ])('refuses %s before anything is signed or pushed', async (_label, params, code) => {
      const h = await startHarness({ as, policy: policyFor() });
      as.reset();
      const err = await h.client.authorize(params as never).catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      expect(httpStatusOf(err)).toBe(403);
      expect(as.counts.par).toBe(0);
      expect(h.events.slice(-2)).toEqual([
        expect.objectContaining({ type: 'policy.decision', stage: 'authorize', outcome: 'refused', code }),
        expect.objectContaining({ type: 'authorization.request.refused', code }),
      ]);
    });
  });

  describe('at the callback', () => {
    async function grantWith(policy: PolicyDocument, body: Record<string, unknown>) {
      const h = await startHarness({ as, policy });
      const l = await h.begin({ scope: 'profile' });
      as.behaviour.token = {
        status: 200,
        body: { access_token: 'at-secret', token_type: 'Bearer', expires_in: 300, scope: 'profile', ...body },
      };
      const response = await as.response({ code: l.code, state: l.state });
      return {
        h,
        outcome: await h.deliver(response).then(
          () => undefined,
          (e: Error) => e,
        ),
      };
    }

    it('accepts a grant within the review and marks the response allowed', async () => {
      const { h, outcome } = await grantWith(policyFor(), {});
      expect(outcome).toBeUndefined();
      expect(h.events.at(-1)).toMatchObject({ type: 'authorization.response', outcome: 'verified', policy: 'allowed' });
    });

    it.each([
      ['a scope beyond the review', { scope: 'profile admin' }],
      ['authorization_details beyond the review', { authorization_details: payment('5000.00') }],
      ['a lifetime beyond maxGrantLifetime', { expires_in: 3600 }],
    ])('refuses a token response granting %s with ERR_POLICY_GRANT_EXCEEDS_REVIEW, no login', async (_label, body) => {
      const { h, outcome } = await grantWith(policyFor(), body);
      expect(outcome).toMatchObject({ code: 'ERR_POLICY_GRANT_EXCEEDS_REVIEW' });
      expect(httpStatusOf(outcome)).toBe(403);
      const [decision, response] = h.events.slice(-2);
      expect(decision).toMatchObject({
        type: 'policy.decision',
        stage: 'callback',
        code: 'ERR_POLICY_GRANT_EXCEEDS_REVIEW',
      });
      expect(response).toMatchObject({ outcome: 'refused', code: 'ERR_POLICY_GRANT_EXCEEDS_REVIEW' });
      expect(JSON.stringify(h.events)).not.toContain('at-secret');
    });
  });

  describe('the policy file', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'signet-policy-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('reads YAML and JSON alike', async () => {
      const yaml = `version: 1
clients:
  ${CLIENT}:
    owner: { team: Payments, contact: payments@example.test }
    purpose: Initiates customer payments
    reviewedScopes: [openid, profile]
    authorizationDetails:
      payment_initiation:
        maxAmount: { EUR: "100.00" }
    maxGrantLifetime: 600
    reviewBy: 2999-12-31
`;
      await writeFile(join(dir, 'policy.yaml'), yaml);
      await writeFile(join(dir, 'policy.json'), JSON.stringify(policyFor()));
      const fromYaml = await loadPolicyFile(join(dir, 'policy.yaml'));
      expect(fromYaml.clients[CLIENT]).toMatchObject({ reviewBy: '2999-12-31', reviewedScopes: ['openid', 'profile'] });
      expect((await loadPolicyFile(join(dir, 'policy.json'))).clients[CLIENT]!.purpose).toBe(
        'Initiates customer payments',
      );
    });

    it.each([
      ['a client without an owner', { owner: undefined }, /owner/],
      ['a review-by date that is not a date', { reviewBy: 'soon' }, /reviewBy/],
      ['an unknown field', { approvedBy: 'me' }, /approvedBy/],
      ['a negative maximum amount', { authorizationDetails: { t: { maxAmount: { EUR: -1 } } } }, /maxAmount/],
    ])('refuses %s at boot, naming the file and the field', async (_label, overrides, field) => {
      const path = join(dir, 'policy.json');
      await writeFile(path, JSON.stringify(policyFor(overrides)));
      await expect(loadPolicyFile(path)).rejects.toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringMatching(field),
      });
    });

    it('refuses a file that is not YAML, naming SIGNET_POLICY_FILE', async () => {
      await writeFile(join(dir, 'policy.yaml'), 'clients: [unclosed');
      await expect(loadPolicyFile(join(dir, 'policy.yaml'))).rejects.toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        field: 'SIGNET_POLICY_FILE',
      });
    });
  });
});
