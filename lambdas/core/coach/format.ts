import { currencyExponent } from '../money';

/** English month names, as the coach writes them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `YYYY-MM` in words: "March 2026". */
export const monthInWords = (month: string): string =>
  `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** How the coach writes figures for one person: amounts in their locale, months and dates in words. */
export interface FigureFormat {
  money(minorUnits: number, currency: string): string;
  percent(share: number): string;
  month(month: string): string;
  date(date: string): string;
}

export function figureFormat(locale: string | null | undefined): FigureFormat {
  const chosen = supported(locale) ? (locale as string) : 'en-GB';
  return {
    money: (minorUnits, currency) => {
      const exponent = currencyExponent(currency);
      try {
        return new Intl.NumberFormat(chosen, {
          style: 'currency',
          currency,
          minimumFractionDigits: exponent,
          maximumFractionDigits: exponent,
        }).format(Math.abs(minorUnits) / 10 ** exponent);
      } catch {
        return `${(Math.abs(minorUnits) / 10 ** exponent).toFixed(exponent)} ${currency}`;
      }
    },
    percent: (share) => `${Math.round(Math.abs(share) * 100)}%`,
    month: monthInWords,
    date: (date) => `${Number(date.slice(8, 10))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`,
  };
}

function supported(locale: string | null | undefined): boolean {
  if (!locale) return false;
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}
