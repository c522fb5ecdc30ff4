/**
 * Numbers and dates in the person's locale; an amount is never shown without its currency.
 * Amounts arrive as integer minor units: the currency's own number of decimals turns them
 * into a value (JPY has none, KWD three), which Intl knows.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();
let locale: string | undefined = validLocale(typeof navigator === 'undefined' ? undefined : navigator.language);

export function setLocale(next: string | null | undefined): void {
  const valid = validLocale(next);
  if (valid) {
    locale = valid;
    moneyFormats.clear();
  }
}

/** A BCP 47 tag Intl accepts, or undefined (Intl's default): a POSIX browser says `en-US@posix`. */
function validLocale(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    const base = tag.split(/[@.]/)[0].replace('_', '-');
    try {
      return Intl.getCanonicalLocales(base)[0];
    } catch {
      return undefined;
    }
  }
}

function moneyFormat(currency: string, compact = false): Intl.NumberFormat {
  const key = `${locale}|${currency}|${compact}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format;
}

export function minorDigits(currency: string): number {
  return moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

export function money(minor: number, currency: string, options: { compact?: boolean } = {}): string {
  // `|| 0` turns -0 (nothing spent, shown as money out: -Math.abs(0)) into 0: never "-$0.00".
  return moneyFormat(currency, options.compact).format(toMajor(minor || 0, currency));
}

export function percent(value: number, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(value);
}

export function count(value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A calendar date (YYYY-MM-DD) shown as the person writes dates, with no time-zone shift. */
export function day(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

export function month(iso: string): string {
  const [y, m] = iso.slice(0, 7).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, 1),
  );
}

export function currentMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

/** A time of day (14:05 or 2:05 PM), in the person's locale. */
export function timeOfDay(at: Date): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(at);
}

/** A wait in words: "in a minute", "in about 20 minutes", "in about 3 hours". */
export function waitInWords(seconds: number): string {
  if (seconds < 90) return 'in a minute';
  if (seconds < 90 * 60) return `in about ${Math.round(seconds / 60)} minutes`;
  const hours = Math.round(seconds / 3600);
  return hours === 1 ? 'in about an hour' : `in about ${hours} hours`;
}

/**
 * A stored merchant key (`pret a manger`, lower-case so that two texts of one merchant meet) as a
 * person reads a name: each word capitalised, as the API's own names of series and alerts write it.
 */
export function merchantName(key: string): string {
  return key.replace(/(^|[\s&/.-])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}
