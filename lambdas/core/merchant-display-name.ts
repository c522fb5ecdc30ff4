/**
 * A merchant as a person reads it: the stored merchant key (`pret a manger`, lower-case so that
 * two texts of one merchant meet) with each word capitalised, as the recurring series' `name` and
 * the unusual charges' reasons already write it (`Pret A Manger`). '' when the bank printed no name.
 * The key stays the identity; this is only its face.
 */
export function merchantDisplayName(key: string): string {
  return key
    .trim()
    .replace(/(^|[\s\-/&.(])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}
