import type { AssetState } from '@crun/tracking';

/** One line per asset: status, ID, then what matters for that status. */
export function formatState(state: AssetState): string {
  const head = `${state.status.padEnd(10)} ${state.assetId}`;
  if (state.status === 'tracking') {
    const next = state.nextCheckAt ? `, next read ${state.nextCheckAt}` : '';
    return `${head}  ${state.queueState}, ${state.polls} polls since ${state.firstSeenAt}${next}`;
  }

  if (state.status === 'errored') {
    return `${head}  job failed: ${state.reason}`;
  }

  const why = state.event.reason ? ` (${state.event.reason})` : '';
  return `${head}  after ${state.polls} polls, at ${state.resolvedAt}${why}`;
}
