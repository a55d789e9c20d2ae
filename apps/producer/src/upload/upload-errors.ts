/**
 * The asset was uploaded to Crun, but its tracking could not be started
 * (Redis was unavailable). The asset exists: do not upload it again, enqueue
 * `assetId` once Redis is back.
 */
export class UploadNotTrackedError extends Error {
  override name = 'UploadNotTrackedError';
  readonly retryable = true;

  constructor(
    readonly assetId: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`uploaded as ${assetId}, but its tracking could not start: ${why}`, { cause });
  }
}
