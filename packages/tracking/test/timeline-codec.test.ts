import { describe, expect, it } from 'vitest';

import {
  appendTimeline,
  decodeTimeline,
  type TimelineEntry,
  timelineSeconds,
} from '../src/index.js';

describe('timeline codec', () => {
  describe('when reads are appended', () => {
    it('should store them compactly and read them back as entries', () => {
      const reads: TimelineEntry[] = [
        [0, 'Processing', 5.3, 'backoff'],
        [5.3, 'code 500', 1, 'fault'],
        [6.3, 'code 429', 2, 'rate-limit'],
        [8.4, 'timeout', 4, 'server-hint'],
        [12, 'network error', 30, 'deadline'],
        [42, 'malformed answer', 60, 'account'],
        [102, 'Active', null, 'resolved'],
      ];

      const stored = reads.reduce<string | undefined>(
        (encoded, entry) => appendTimeline(encoded, entry, 8),
        undefined,
      );

      expect(stored).toBe(
        '0,P,5.3,b 5.3,500,1,f 6.3,429,2,r 8.4,T,4,h 12,N,30,d 42,M,60,a 102,A,,e',
      );
      expect(decodeTimeline(stored)).toEqual(reads);
    });

    it('should keep only the last `maxEntries`, and nothing at 0', () => {
      let stored: string | undefined;
      for (let offset = 0; offset < 12; offset += 1) {
        stored = appendTimeline(stored, [offset, 'Processing', 1, 'backoff'], 8);
      }

      expect(decodeTimeline(stored).map(([offset]) => offset)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
      expect(appendTimeline(stored, [12, 'Active', null, 'resolved'], 0)).toBeUndefined();
    });
  });

  describe('when a stored timeline is damaged or absent', () => {
    it('should skip what it cannot read', () => {
      expect(decodeTimeline(undefined)).toEqual([]);
      expect(decodeTimeline('0,P,1,b junk 1,?,1,b 2,A,,e')).toEqual([
        [0, 'Processing', 1, 'backoff'],
        [2, 'Active', null, 'resolved'],
      ]);
    });
  });

  describe('timelineSeconds', () => {
    it('should keep tenths below 10 s and whole seconds above', () => {
      expect([49, 50, 5_340, 9_949, 10_400, 86_399_600].map(timelineSeconds)).toEqual([
        0, 0.1, 5.3, 9.9, 10, 86_400,
      ]);
    });
  });
});
