import { NotAStatementError } from '../types';

/** How the bytes of a statement are to be turned into text. */
export interface DetectedEncoding {
  /** Label for TextDecoder. */
  decoderLabel: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'windows-1251' | 'windows-1257';
  /** What a person is told: the label, with "-bom" when the file starts with a byte-order mark. */
  name: string;
  note: string;
}

/**
 * Decides the text encoding of a statement from its first bytes. Byte-order marks and UTF-16's
 * NUL-byte pattern are certain; otherwise valid UTF-8 wins, and only bytes that are not UTF-8
 * fall back to a Windows single-byte code page chosen by what its letters look like.
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return { decoderLabel: 'utf-8', name: 'utf-8-bom', note: 'UTF-8 with a byte-order mark' };
  }
  if (sample[0] === 0xff && sample[1] === 0xfe)
    return { decoderLabel: 'utf-16le', name: 'utf-16le', note: 'UTF-16 little-endian (byte-order mark)' };
  if (sample[0] === 0xfe && sample[1] === 0xff)
    return { decoderLabel: 'utf-16be', name: 'utf-16be', note: 'UTF-16 big-endian (byte-order mark)' };

  const utf16 = utf16FromNulPattern(sample);
  if (utf16) return utf16;
  if (isValidUtf8(sample)) return { decoderLabel: 'utf-8', name: 'utf-8', note: 'UTF-8' };

  const singleByte = chooseSingleBytePage(sample);
  return singleByte;
}

function utf16FromNulPattern(sample: Uint8Array): DetectedEncoding | null {
  const length = Math.min(sample.length, 4096) & ~1;
  if (length < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const pairs = length / 2;
  // ASCII text in UTF-16 has a NUL in every other byte; allow some non-Latin characters.
  if (oddNuls > pairs * 0.4 && evenNuls < pairs * 0.05)
    return {
      decoderLabel: 'utf-16le',
      name: 'utf-16le',
      note: 'UTF-16 little-endian (no byte-order mark, recognised by its NUL bytes)',
    };
  if (evenNuls > pairs * 0.4 && oddNuls < pairs * 0.05)
    return {
      decoderLabel: 'utf-16be',
      name: 'utf-16be',
      note: 'UTF-16 big-endian (no byte-order mark, recognised by its NUL bytes)',
    };
  return null;
}

function isValidUtf8(sample: Uint8Array): boolean {
  try {
    // stream: true so a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Cyrillic text in Windows-1251 is made of runs of high bytes (whole words), whereas Western
 * text in Windows-1252 has high bytes scattered among ASCII letters. Baltic text in
 * Windows-1257 is told from Windows-1252 by š/ž (0xF0/0xFE/0xD0/0xDE), which would be the
 * Icelandic ð/þ in Windows-1252 and do not occur in the languages our banks write.
 */
function chooseSingleBytePage(sample: Uint8Array): DetectedEncoding {
  let high = 0;
  let highWithHighNeighbour = 0;
  let baltic = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i];
    if (byte < 0x80) continue;
    high++;
    if ((i > 0 && sample[i - 1] >= 0xc0) || (i + 1 < sample.length && sample[i + 1] >= 0xc0)) {
      if (byte >= 0xc0) highWithHighNeighbour++;
    }
    if (byte === 0xf0 || byte === 0xfe || byte === 0xd0 || byte === 0xde) baltic++;
  }
  if (high > 0 && highWithHighNeighbour / high > 0.5) {
    return {
      decoderLabel: 'windows-1251',
      name: 'windows-1251',
      note: 'Windows-1251 (Cyrillic): the file is not UTF-8 and its non-ASCII bytes form Cyrillic words',
    };
  }
  if (baltic > 0) {
    return {
      decoderLabel: 'windows-1257',
      name: 'windows-1257',
      note: 'Windows-1257 (Baltic): the file is not UTF-8 and holds Baltic letters such as š and ž',
    };
  }
  return {
    decoderLabel: 'windows-1252',
    name: 'windows-1252',
    note: 'Windows-1252 (Western European): the file is not UTF-8',
  };
}

/** Decodes a byte stream chunk by chunk; characters split across chunks are kept whole. */
export async function* decodeChunks(
  source: AsyncIterable<Uint8Array>,
  encoding: DetectedEncoding,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding.decoderLabel);
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** Decodes a sample in one go (streaming mode, so a character cut at its end is dropped, not mangled). */
export function decodeSample(sample: Uint8Array, encoding: DetectedEncoding): string {
  return new TextDecoder(encoding.decoderLabel).decode(sample, { stream: true });
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or an Excel .xlsx workbook): export the statement as CSV' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook: export the statement as CSV' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
];

/** Throws NotAStatementError, with a reason a person understands, for bytes that cannot be a CSV statement. */
export function assertLooksLikeText(sample: Uint8Array, encoding: DetectedEncoding): void {
  if (sample.length === 0) throw new NotAStatementError('the file is empty');
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((byte, i) => sample[i] === byte)) {
      throw new NotAStatementError(`the file is ${signature.what}, not a CSV statement`);
    }
  }
  if (encoding.decoderLabel.startsWith('utf-16')) return;
  let control = 0;
  const length = Math.min(sample.length, 8192);
  for (let i = 0; i < length; i++) {
    const byte = sample[i];
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)) control++;
  }
  if (control > length * 0.01) throw new NotAStatementError('the file is binary data, not a text (CSV) statement');
}
