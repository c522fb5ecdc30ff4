import type { ForecastMessage } from '../core/messages';
import type { MessageQueue } from '../ports/queue';

/**
 * Queues the forecast and insights job for each upload a person's own change completed (the last
 * undecided rows given a category by hand, deleted, or decided by a rule they wrote), as the
 * import and the categoriser do when they complete one. Sent after the change commits, so the job
 * reads it; the transaction that completed an upload is the only one that sees it completed now.
 */
export async function queueForecastsOfCompletedUploads(
  forecastQueue: MessageQueue<ForecastMessage>,
  userId: string,
  uploadIds: readonly string[],
): Promise<void> {
  if (uploadIds.length === 0) return;
  await forecastQueue.send(uploadIds.map((uploadId) => ({ version: 1 as const, userId, uploadId })));
}
