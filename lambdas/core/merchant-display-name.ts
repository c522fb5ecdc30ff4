/**
 * A merchant as a person reads it: the stored merchant key (`pret a manger`, lower-case so that
 * two texts of one merchant meet) with each word capitalised (`Pret A Manger`), as the recurring
 * series' names and the unusual charges' reasons write it. '' when the bank printed no name.
 * The key stays the identity; this is only its face.
 */
export function merchantDisplayName(key: string): string {
  return key.trim().replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}
