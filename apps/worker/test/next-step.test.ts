import {
  type Asset,
  CrunApiError,
  type CrunErrorKind,
  CrunNetworkError,
  CrunResponseError,
  describeCode,
} from '@crun/api';
import type { TrackingJobData } from '@crun/tracking';
import { describe, expect, it } from 'vitest';

import { decideNextStep } from '../src/next-step.js';
import type { TrackingPolicy } from '../src/tracking-policy.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0 },
  retry: { initialDelayMs: 500, factor: 2, maxDelayMs: 8_000, jitter: 0 },
  deadlineMs: 3_600_000,
};

function jobData(changes: Partial<TrackingJobData> = {}): TrackingJobData {
  return {
    assetId: 'asset-1',
    trackingId: 't1',
    firstSeenAt: NOW - 10_000,
    polls: 0,
    retries: 0,
    ...changes,
  };
}

function asset(status: Asset['status']): { asset: Asset } {
  const time = new Date(NOW - 5_000);
  return {
    asset: {
      assetId: 'asset-1',
      name: 'n',
      assetType: 'Image',
      status,
      createTime: time,
      updateTime: time,
    },
  };
}

function apiError(code: number, changes: { fromEnvelope?: boolean; retryAfterMs?: number } = {}) {
  const meaning = describeCode(code);
  return {
    error: new CrunApiError({
      code,
      status: code,
      kind: meaning.kind as CrunErrorKind,
      retryable: meaning.retryable,
      serverMessage: `message ${code}`,
      fromEnvelope: changes.fromEnvelope ?? true,
      retryAfterMs: changes.retryAfterMs,
      method: 'GET',
      endpoint: '/api/v1/client/job/asset-info',
    }),
  };
}

describe('decideNextStep', () => {
  describe('when the asset is terminal', () => {
    it.each([
      ['Active', 'asset.ready'],
      ['Failed', 'asset.failed'],
    ] as const)('should resolve %s as %s, counting the read as a poll', (status, type) => {
      const step = decideNextStep(jobData({ polls: 3 }), asset(status), NOW, POLICY);

      expect(step).toMatchObject({ action: 'resolve', type, polls: 4, reason: null });
    });
  });

  describe('when the asset is Processing', () => {
    it('should wait along the backoff schedule, counting polls', () => {
      const waits = [0, 1, 2, 3, 6, 9].map((polls) => {
        const step = decideNextStep(jobData({ polls }), asset('Processing'), NOW, POLICY);
        if (step.action !== 'wait') throw new Error('expected a wait');
        expect(step.data.polls).toBe(polls + 1);
        return step.untilMs - NOW;
      });

      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
    });

    it('should reset the retry count, since Crun answered', () => {
      const step = decideNextStep(jobData({ retries: 4 }), asset('Processing'), NOW, POLICY);

      expect(step).toMatchObject({ action: 'wait', data: { retries: 0 }, why: 'backoff' });
    });

    it('should schedule the last read at the deadline instead of past it', () => {
      const firstSeenAt = NOW - POLICY.deadlineMs + 500;
      const step = decideNextStep(
        jobData({ firstSeenAt, polls: 9 }),
        asset('Processing'),
        NOW,
        POLICY,
      );

      expect(step).toMatchObject({ action: 'wait', untilMs: NOW + 500, why: 'deadline' });
    });

    it('should time out once the deadline has passed', () => {
      const firstSeenAt = NOW - POLICY.deadlineMs;
      const step = decideNextStep(
        jobData({ firstSeenAt, polls: 9 }),
        asset('Processing'),
        NOW,
        POLICY,
      );

      expect(step).toMatchObject({ action: 'resolve', type: 'asset.timed_out', polls: 10 });
      expect(step.action === 'resolve' && step.reason).toMatch(/still Processing after 10 polls/);
    });
  });

  describe('when the read failed', () => {
    it.each([
      [404, 'asset.not_found'],
      [422, 'asset.invalid'],
    ])('should resolve code %i in the envelope as %s at once', (code, type) => {
      const step = decideNextStep(jobData({ polls: 2 }), apiError(code), NOW, POLICY);

      expect(step).toMatchObject({ action: 'resolve', type, polls: 2, reason: `message ${code}` });
    });

    it('should not end tracking on a bare 404 page, which may be a wrong base URL', () => {
      const step = decideNextStep(jobData(), apiError(404, { fromEnvelope: false }), NOW, POLICY);

      expect(step).toMatchObject({ action: 'wait', why: 'fault' });
    });

    it.each([
      ['a 429 with a hint', apiError(429, { retryAfterMs: 7_000 }), 'rate-limited'],
      ['a 429 without one', apiError(429), 'rate-limited'],
      ['a bare 429 page', apiError(429, { fromEnvelope: false }), 'rate-limited'],
      ['a rejected key', apiError(401), 'account'],
      ['an empty account', apiError(402), 'account'],
    ])('should hold the job for the fleet on %s, data untouched', (_label, result, fault) => {
      const step = decideNextStep(jobData({ polls: 5 }), result, NOW, POLICY);

      expect(step).toMatchObject({ action: 'hold', fault, error: result.error });
    });

    it("should hold even past the deadline, since the fault is not the asset's", () => {
      const firstSeenAt = NOW - POLICY.deadlineMs - 1;
      const step = decideNextStep(jobData({ firstSeenAt }), apiError(401), NOW, POLICY);

      expect(step).toMatchObject({ action: 'hold', fault: 'account' });
    });

    it('should use a server hint on a transient fault as its wait', () => {
      const step = decideNextStep(jobData(), apiError(503, { retryAfterMs: 3_000 }), NOW, POLICY);

      expect(step).toMatchObject({ action: 'wait', untilMs: NOW + 3_000, why: 'server-hint' });
    });

    it.each([
      ['a 500', apiError(500)],
      ['maintenance', apiError(455)],
      ['a network failure', { error: new CrunNetworkError('/x', new Error('reset')) }],
      [
        'a malformed answer',
        { error: new CrunResponseError('bad', { status: 200, endpoint: '/x', body: '' }) },
      ],
    ])('should back off on %s with its own schedule, polls untouched', (_label, result) => {
      const waits = [0, 1, 2, 5].map((retries) => {
        const step = decideNextStep(jobData({ polls: 2, retries }), result, NOW, POLICY);
        if (step.action !== 'wait') throw new Error('expected a wait');
        expect(step.data).toMatchObject({ polls: 2, retries: retries + 1 });
        return step.untilMs - NOW;
      });

      expect(waits).toEqual([500, 1_000, 2_000, 8_000]);
    });

    it('should time out a read that still fails at the deadline, with the error as reason', () => {
      const firstSeenAt = NOW - POLICY.deadlineMs - 1;
      const step = decideNextStep(jobData({ firstSeenAt }), apiError(500), NOW, POLICY);

      expect(step).toMatchObject({ action: 'resolve', type: 'asset.timed_out', asset: null });
      expect(step.action === 'resolve' && step.reason).toMatch(/unreadable .* code 500/);
    });

    it('should never wait past the deadline for a server hint', () => {
      const firstSeenAt = NOW - POLICY.deadlineMs + 1_000;
      const hinted = apiError(455, { retryAfterMs: 60_000 });
      const step = decideNextStep(jobData({ firstSeenAt }), hinted, NOW, POLICY);

      expect(step).toMatchObject({ action: 'wait', untilMs: NOW + 1_000 });
    });
  });
});
