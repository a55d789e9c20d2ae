import { describe, expect, it } from 'vitest';

import {
  parseTrackingJob,
  STORED_TIMELINE_MAX_CHARS,
  storedJobDataOf,
  storedProgressOf,
  type TrackingJobData,
  trackingJobDataOf,
} from '../src/index.js';

const DATA: TrackingJobData = {
  assetId: 'asset-20260420153000-ab12c',
  trackingId: 'on2aS3jgwVM',
  firstSeenAt: 1_796_407_559_162,
  polls: 3,
  retries: 1,
};

/** Eight reads, about 11 characters each: more than the stored timeline holds. */
const LONG_TIMELINE =
  '0,P,5,b 5,P,10,b 15,P,20,b 35,P,40,b 75,500,1,f 76,P,80,b 156,P,160,b 316,P,300,d';

describe('stored job data', () => {
  describe('when a tracking is stored', () => {
    it('should leave out the asset ID and fit every stored value in 64 bytes', () => {
      const stored = JSON.stringify(storedJobDataOf({ ...DATA, timeline: LONG_TIMELINE }));
      const progress = storedProgressOf(LONG_TIMELINE) ?? '';

      expect(stored).toBe('["on2aS3jgwVM",1796407559162,3,1]');
      expect(Buffer.byteLength(progress)).toBeLessThanOrEqual(64);
      expect(JSON.parse(progress)).toBe('35,P,40,b 75,500,1,f 76,P,80,b 156,P,160,b 316,P,300,d');
      expect(LONG_TIMELINE.endsWith(JSON.parse(progress))).toBe(true);
    });

    it('should read back what it stored, the asset ID from the job ID', () => {
      const timeline = '0,P,5,b 5,P,10,b';
      const metadata = { order: 1234 };
      const stored = JSON.stringify(storedJobDataOf({ ...DATA, metadata, timeline }));

      expect(parseTrackingJob(DATA.assetId, stored, storedProgressOf(timeline))).toEqual({
        ...DATA,
        metadata,
        timeline,
      });
      expect(parseTrackingJob(DATA.assetId, stored, null)).toEqual({ ...DATA, metadata });
    });

    it('should store no progress without a timeline', () => {
      expect(storedProgressOf(undefined)).toBeUndefined();
      expect(storedProgressOf('x'.repeat(STORED_TIMELINE_MAX_CHARS + 1))).toBeUndefined();
    });
  });

  describe('when a job was stored by an earlier version, as a readable object', () => {
    it('should read it as it is, timeline included', () => {
      const earlier = { ...DATA, metadata: { batch: 2 }, timeline: LONG_TIMELINE };

      expect(parseTrackingJob(DATA.assetId, JSON.stringify(earlier), null)).toEqual(earlier);
      expect(trackingJobDataOf(DATA.assetId, earlier, 0)).toEqual(earlier);
    });
  });
});
