import { describe, expect, it } from 'vitest';

import { formatFeedPosition, parseFeedPosition } from '../src/index.js';

describe('parseFeedPosition', () => {
  it('should spread $ or 0 alone over every partition', () => {
    expect(parseFeedPosition('$', 3)).toEqual(['$', '$', '$']);
    expect(parseFeedPosition('0', 2)).toEqual(['0', '0']);
  });

  it('should take a plain entry ID as the position of a single partition', () => {
    expect(parseFeedPosition('1767225600000-0', 1)).toEqual(['1767225600000-0']);
  });

  it('should read back what formatFeedPosition wrote', () => {
    const positions = ['1767225600000-0', '0-0', '$', '1767225600042-7'];

    expect(parseFeedPosition(formatFeedPosition(positions), 4)).toEqual(positions);
  });

  it('should refuse a wrong number of parts, or a part that is no position', () => {
    expect(() => parseFeedPosition('1767225600000-0', 4)).toThrow(
      /has 1 part\(s\), but the feed has 4 partitions/,
    );
    expect(() => parseFeedPosition('0-0,0-0', 1)).toThrow(RangeError);
    expect(() => parseFeedPosition('0-0,,0-0', 3)).toThrow(/'' is not an entry ID/);
    expect(() => parseFeedPosition('0-0,+', 2)).toThrow(/'\+' is not an entry ID/);
  });
});
