const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Counts line breaks (LF, CRLF or lone CR) in a byte stream without decoding it. */
export async function countLineBreaks(source: AsyncIterable<Uint8Array>): Promise<number> {
  let lines = 0;
  let previous = 0;
  for await (const chunk of source) {
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (byte === LINE_FEED) {
        if (previous !== CARRIAGE_RETURN) lines += 1;
      } else if (byte === CARRIAGE_RETURN) {
        lines += 1;
      }
      previous = byte;
    }
  }
  return lines;
}
