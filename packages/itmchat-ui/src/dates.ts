/** Formatters by locale and style: one Intl.DateTimeFormat each, as a log draws hundreds of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: 'time' | 'date' | 'full'): Intl.DateTimeFormat {
  const key = `${style} ${locale}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : style === 'date'
          ? { dateStyle: 'full' }
          : { dateStyle: 'full', timeStyle: 'medium' };
    format = new Intl.DateTimeFormat(locale || undefined, options);
    formatters.set(key, format);
  }
  return format;
}

/** Default `formatTime`: hours and minutes in the chat's locale ("08:49 PM", "20:49"). */
export function defaultFormatTime(at: number, locale = ''): string {
  return formatter(locale, 'time').format(at);
}

/** Default `formatDate`: the day, written out ("Wednesday, December 2, 2026"), for the dividers between days. */
export function defaultFormatDate(at: number, locale = ''): string {
  return formatter(locale, 'date').format(at);
}

/** The full date and time, for a time's tooltip. */
export function fullDateTime(at: number, locale: string): string {
  return formatter(locale, 'full').format(at);
}

/** The visitor's local calendar day of `at`, as YYYY-MM-DD: what a date divider groups by. */
export function localDay(at: number): string {
  const when = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}
