/**
 * A client's age as a band, never the date of birth itself: coarse enough that a band and a location
 * do not single a client out, fine enough to compare programmes across ages.
 */
const BANDS = [
  { below: 18, band: "under-18" },
  { below: 30, band: "18-29" },
  { below: 40, band: "30-39" },
  { below: 50, band: "40-49" },
  { below: 60, band: "50-59" },
  { below: 70, band: "60-69" },
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The band of the age reached at `at` (an ISO instant, read as its UTC date). Null when the date of
 * birth is not a date: erased personal data reads back as a placeholder.
 */
export function ageBand(dateOfBirth: string | undefined, at: string): string | null {
  const birth = dateOfBirth === undefined ? null : ISO_DATE.exec(dateOfBirth);
  if (!birth) return null;
  const on = new Date(at);
  if (Number.isNaN(on.getTime())) return null;
  const [, year, month, day] = birth.map(Number) as [number, number, number, number];
  const birthdayPassed =
    on.getUTCMonth() + 1 > month || (on.getUTCMonth() + 1 === month && on.getUTCDate() >= day);
  const age = on.getUTCFullYear() - year - (birthdayPassed ? 0 : 1);
  if (age < 0) return null;
  return BANDS.find((b) => age < b.below)?.band ?? "70+";
}
