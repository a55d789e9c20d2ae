import {
  type Asset,
  CrunApiError,
  type CrunErrorKind,
  CrunTimeoutError,
  describeCode,
} from '@crun/api';
import { decodeTimeline, type TrackingJobData } from '@crun/tracking';
import { describe, expect, it } from 'vitest';

import { decideNextStep, type ReadResult } from '../src/next-step.js';
import type { TrackingPolicy } from '../src/tracking-policy.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const POLICY: TrackingPolicy = {
  poll: { initialDelayMs: 5_000, factor: 2, maxDelayMs: 300_000, jitter: 0 },
  retry: { initialDelayMs: 1_000, factor: 2, maxDelayMs: 60_000, jitter: 0 },
  deadlineMs: 3_600_000,
};

function jobData(changes: Partial<TrackingJobData> = {}): TrackingJobData {
  return {
    assetId: 'asset-1',
    trackingId: 't1',
    firstSeenAt: NOW - 12_000,
    polls: 0,
    retries: 0,
    ...changes,
  };
}

function answer(status: Asset['status']): ReadResult {
  const time = new Date(NOW);
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

function apiError(code: number, retryAfterMs?: number): ReadResult {
  const meaning = describeCode(code);
  return {
    error: new CrunApiError({
      code,
      status: code,
      kind: meaning.kind as CrunErrorKind,
      retryable: meaning.retryable,
      serverMessage: undefined,
      fromEnvelope: true,
      retryAfterMs,
      method: 'GET',
      endpoint: '/api/v1/client/job/asset-info',
    }),
  };
}

function timelineAfter(result: ReadResult, data = jobData(), policy = POLICY) {
  const step = decideNextStep(data, result, NOW, policy);
  if (step.action === 'hold') {
    throw new Error('a hold writes its timeline in the worker');
  }

  return decodeTimeline(step.action === 'wait' ? step.data.timeline : step.timeline);
}

describe('decideNextStep timeline', () => {
  describe('when a read is followed by a wait', () => {
    it.each([
      ['a Processing answer', answer('Processing'), [12, 'Processing', 5, 'backoff']],
      ['a 500 without a hint', apiError(500), [12, 'code 500', 1, 'fault']],
      ['a 503 with Retry-After', apiError(503, 7_000), [12, 'code 503', 7, 'server-hint']],
      ['a timeout', { error: new CrunTimeoutError('/x', 10_000) }, [12, 'timeout', 1, 'fault']],
    ] as const)('should record %s and the wait it chose', (_label, result, entry) => {
      expect(timelineAfter(result)).toEqual([entry]);
    });

    it('should say when the wait was cut to the deadline', () => {
      const data = jobData({ firstSeenAt: NOW - 3_598_000 });

      expect(timelineAfter(answer('Processing'), data)).toEqual([
        [3598, 'Processing', 2, 'deadline'],
      ]);
    });
  });

  describe('when a read ends the tracking', () => {
    it('should add the deciding read to the earlier ones, with no next wait', () => {
      const data = jobData({ polls: 2, timeline: '0,P,5,b 5,P,10,b' });

      expect(timelineAfter(answer('Active'), data)).toEqual([
        [0, 'Processing', 5, 'backoff'],
        [5, 'Processing', 10, 'backoff'],
        [12, 'Active', null, 'resolved'],
      ]);
    });
  });

  describe('when the policy keeps no timeline', () => {
    it('should leave the data without one', () => {
      const step = decideNextStep(jobData(), answer('Processing'), NOW, {
        ...POLICY,
        timelineLength: 0,
      });

      expect(
        step.action === 'wait' && 'timeline' in step.data ? step.data.timeline : null,
      ).toBeUndefined();
    });
  });
});
