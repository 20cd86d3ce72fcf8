/**
 * The county's clock. Every date the platform decides by — today, this year, an age, a deadline's working day — is
 * China's, whatever time zone the server process or the browser runs in.
 *
 * China keeps one time zone, UTC+8, all year (no summer time since 1991), so a fixed offset is exact and needs no
 * time zone database.
 */
export const chinaUtcOffsetHours = 8;
const chinaOffsetMilliseconds = chinaUtcOffsetHours * 3_600_000;
const millisecondsPerDay = 86_400_000;

/** The calendar date (YYYY-MM-DD) of an instant in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + chinaOffsetMilliseconds).toISOString().slice(0, 10);
}

/** "2026-11-26 14:30" on China's clock, as messages show a deadline. */
export function chinaDateTime(instant: Date): string {
  return new Date(instant.getTime() + chinaOffsetMilliseconds).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a China calendar date (YYYY-MM-DD) begins. */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - chinaOffsetMilliseconds);
}

/**
 * Today's date in China by this process's clock. Where the date decides a deadline or a figure, the server takes
 * `chinaDate(await databaseNow(db))` instead, so that every instance agrees with the database.
 */
export function chinaToday(): string {
  return chinaDate(new Date());
}

/** The calendar date `days` days after a YYYY-MM-DD date (before it, when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * millisecondsPerDay).toISOString().slice(0, 10);
}
