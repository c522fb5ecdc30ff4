/**
 * Categories that say nothing of what a payment is for: empty, "Uncategorized", "Other". A new
 * person's categoriser files here whatever it cannot place (a typed note, "2 kachori", a ride
 * "Place 0 to Current Residence"), so such a category is no evidence that a payment is not
 * everyday spending, nor that it is.
 */
export const UNSAID_CATEGORY = /^(|uncategori[sz]ed|other|others|misc\w*|general|hide|unknown)$/;

export function saysNothing(category: string | null | undefined): boolean {
  return UNSAID_CATEGORY.test((category ?? '').toLowerCase().trim());
}
