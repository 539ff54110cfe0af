/**
 * The SQL layer's fast `timestamptz` reader (platform/sql.ts) against the
 * drivers' own parser, on the text PostgreSQL prints: every offset shape and
 * fraction length, and the shapes it leaves to the drivers' parser.
 */
import { types as pgTypes } from 'pg';
import { parseTimestamptz } from '../platform/sql';

const reference = pgTypes.getTypeParser(1184) as (value: string) => Date;

/** PostgreSQL's text for `instant` at `offsetMinutes`, with `fraction` digits of the second (trailing zeros dropped, as it prints them). */
function printed(instant: Date, offsetMinutes: number, fraction: string): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = Math.abs(offsetMinutes) % 60;
  const offset = `${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
  const fractionText = fraction.replace(/0+$/, '');
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fractionText ? `.${fractionText}` : ''}${offset}`;
}

describe('parseTimestamptz', () => {
  it('reads PostgreSQL text like the drivers do, for any offset and up to microseconds', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const offsets = [0, 60, -300, 330, -210, 345, 765, -720, 840];
    for (let i = 0; i < 2000; i++) {
      const instant = new Date(Date.UTC(100, 0, 1) + Math.floor(next() * (Date.UTC(9999, 0, 1) - Date.UTC(100, 0, 1))));
      const fraction = String(Math.floor(next() * 1_000_000)).padStart(6, '0').slice(0, 1 + Math.floor(next() * 6));
      const text = printed(instant, offsets[i % offsets.length], fraction);
      expect([text, parseTimestamptz(text).getTime()]).toEqual([text, reference(text).getTime()]);
    }
  });

  it.each([
    ['a whole second at UTC', '2024-01-01 05:12:33+00', '2024-01-01T05:12:33.000Z'],
    ['a half-hour offset', '2024-01-01 10:42:33.123+05:30', '2024-01-01T05:12:33.123Z'],
    ['a negative offset across midnight', '2023-12-31 21:30:00.5-03:30', '2024-01-01T01:00:00.500Z'],
    ['microseconds, of which milliseconds count', '2024-02-29 23:59:59.999999+00', '2024-02-29T23:59:59.999Z'],
  ])('reads %s', (_what, text, iso) => {
    expect(parseTimestamptz(text).toISOString()).toBe(iso);
  });

  it.each([
    ['an offset with seconds (Amsterdam before 1937)', '1901-06-01 12:19:32+00:19:32'],
    ['a year before 1000', '0099-06-01 03:12:33.1+00'],
    ['a BC date', '0044-03-15 12:00:00+00 BC'],
    ['infinity', 'infinity'],
    ['minus infinity', '-infinity'],
  ])('leaves %s to the drivers’ parser, with the same answer', (_what, text) => {
    // The drivers' parser answers infinity as the text itself, so the answers are compared as given.
    expect(parseTimestamptz(text)).toEqual(reference(text));
  });
});
