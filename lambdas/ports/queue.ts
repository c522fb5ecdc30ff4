/** A message queue: SQS on AWS, an in-process queue on the local stack. */
export interface MessageQueue<T> {
  /** Sends messages; implementations batch as their transport requires. */
  send(messages: readonly T[]): Promise<void>;
}
