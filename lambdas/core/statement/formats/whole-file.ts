import { NotAStatementError } from '../types';

/**
 * OFX, QIF and CAMT files are small (a year of a busy account is well under a megabyte) and
 * their structure spans the whole file, so they are read whole; the upload size limit has
 * already been enforced before this is reached.
 */
const MAX_BYTES = 50 * 1024 * 1024;

export async function readWholeFile(source: AsyncIterable<Uint8Array>, kind: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > MAX_BYTES)
      throw new NotAStatementError(`This ${kind} file is over 50 MB: too large to be one account's statement.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Text of a file that says its own character set (OFX `CHARSET:1252`, XML `encoding="…"`), else UTF-8. */
export function decodeText(bytes: Buffer, declared: string | null): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const label = (declared ?? '').toLowerCase();
  if (/1252|latin|8859/.test(label))
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8 and no charset said: the usual other one for bank exports.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The last four digits of an account identifier, the only part kept. */
export function last4Of(identifier: string | null | undefined): string | null {
  const digits = (identifier ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** One space between words, no control characters. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** Payee and memo combined, the memo left out when it only repeats the payee. */
export function combineDescription(...parts: (string | null | undefined)[]): string {
  const kept: string[] = [];
  for (const part of parts.map(cleanText)) {
    if (!part) continue;
    if (kept.some((k) => k.toLowerCase().includes(part.toLowerCase()))) continue;
    const index = kept.findIndex((k) => part.toLowerCase().includes(k.toLowerCase()));
    if (index >= 0) kept[index] = part;
    else kept.push(part);
  }
  return kept.join(' ');
}
