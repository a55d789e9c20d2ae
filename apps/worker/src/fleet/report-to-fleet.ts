import { CrunApiError } from '@crun/api';

import { classifyFault, type ReadResult } from '../next-step.js';
import type { FleetControl } from './fleet-control.js';

/**
 * Tells the fleet what a read found, so one worker's 429 or rejected key
 * holds for all. Resolves to the pause the fleet took, in ms, if it paused
 * for a 429 or an account fault.
 */
export async function reportToFleet(
  fleet: FleetControl,
  result: ReadResult,
): Promise<number | undefined> {
  if (!('error' in result)) {
    await fleet.onAnswer();
    return undefined;
  }

  const { error } = result;
  const fault = classifyFault(error);
  if (fault === 'asset') {
    await fleet.onAnswer();
  } else if (fault === 'rate-limited' && error instanceof CrunApiError) {
    return fleet.onRateLimited(error.retryAfterMs);
  } else if (fault === 'account' && error instanceof CrunApiError) {
    return fleet.onAccountFault(error);
  } else {
    await fleet.onFault(error);
  }

  return undefined;
}
