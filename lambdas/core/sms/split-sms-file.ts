/** One message of an uploaded file, with the line it starts on and what the file says of it. */
export interface SmsFileMessage {
  /** 1-based line the message starts on: what an error names. */
  line: number;
  text: string;
  /** YYYY-MM-DD the message arrived, when the file records it (JSON lines). */
  receivedOn?: string;
}

/**
 * Splits an uploaded text of alerts into messages. Three layouts are read:
 * - JSON lines of `{ "text": …, "receivedOn"|"date"|"timestamp"?: … }` (an export from a phone);
 * - messages separated by blank lines, when the file has any blank line between texts, since
 *   many alerts span several lines ("Debit Card Purchase\nCard Ending: 1111\n…");
 * - otherwise one message a line.
 */
export function splitSmsFile(content: string): SmsFileMessage[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const firstText = lines.find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstText.startsWith('{')) return jsonLines(lines);
  const hasBlankSeparator = lines.some(
    (line, i) =>
      line.trim() === '' &&
      i > 0 &&
      lines.slice(0, i).some((l) => l.trim() !== '') &&
      lines.slice(i + 1).some((l) => l.trim() !== ''),
  );
  if (!hasBlankSeparator) {
    return lines.flatMap((line, i) => (line.trim() === '' ? [] : [{ line: i + 1, text: line.trim() }]));
  }
  const messages: SmsFileMessage[] = [];
  let current: string[] = [];
  let start = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (current.length > 0) messages.push({ line: start, text: current.join('\n') });
      current = [];
      return;
    }
    if (current.length === 0) start = i + 1;
    current.push(line.trim());
  });
  if (current.length > 0) messages.push({ line: start, text: current.join('\n') });
  return messages;
}

function jsonLines(lines: string[]): SmsFileMessage[] {
  const messages: SmsFileMessage[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      messages.push({ line: i + 1, text: '' });
      return;
    }
    const fields = (record ?? {}) as Record<string, unknown>;
    const text = [fields.text, fields.body, fields.message].find((value) => typeof value === 'string') as
      string | undefined;
    const when = [fields.receivedOn, fields.date, fields.timestamp, fields.received].find(
      (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value),
    ) as string | undefined;
    messages.push({ line: i + 1, text: text ?? '', receivedOn: when?.slice(0, 10) });
  });
  return messages;
}
