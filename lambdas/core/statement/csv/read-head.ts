/**
 * Reads the first bytes of a stream without losing them: returns them, whether they are the
 * whole stream, and a stream that replays them followed by the rest.
 */
export async function readHead(
  source: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; complete: boolean; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const joined = Buffer.concat(taken);
  const head = joined.length > bytes ? joined.subarray(0, bytes) : joined;
  if (joined.length > bytes) complete = false;
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (complete && size <= bytes) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, complete: complete && joined.length <= bytes, stream: replay() };
}
