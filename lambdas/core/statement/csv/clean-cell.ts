/**
 * Normalises one raw CSV cell: trims the spaces and TABs banks pad cells with, and removes the
 * wrappers spreadsheets and some exports put around values (quotes left in place by relaxed
 * quote parsing, Excel's ="…" text marker, a leading apostrophe that forces text, 'single
 * quoted' descriptions).
 */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined) return '';
  let cell = raw.trim();
  if (cell.length === 0) return cell;
  const first = cell.charCodeAt(0);
  // 0x22 = ", 0x3D = =, 0x27 = '
  if (first !== 0x22 && first !== 0x3d && first !== 0x27) return cell;
  if (cell.length >= 2 && first === 0x22 && cell.endsWith('"')) {
    // A field csv-parse kept raw because its quoting was broken (e.g. "UAB "Naktida"").
    cell = cell.slice(1, -1).replace(/""/g, '"').trim();
  } else if (cell.startsWith('="') && cell.endsWith('"')) {
    cell = cell.slice(2, -1).trim();
  } else if (first === 0x27) {
    cell = cell.length >= 2 && cell.endsWith("'") ? cell.slice(1, -1).trim() : cell.slice(1).trim();
  }
  return cell;
}

/** Collapses runs of whitespace (including TABs and line breaks inside quoted fields) to one space. */
export function normaliseWhitespace(text: string): string {
  // Most descriptions are already clean: skip the regex replace for them (it runs on every row).
  if (!/\s\s|[\t\n\r\f\v\u00a0]/.test(text) && text.trim().length === text.length) return text;
  return text.replace(/\s+/g, ' ').trim();
}
