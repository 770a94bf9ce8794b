/**
 * Public holidays from `date-holidays` (by country, optional region), as closed intervals in the
 * team's zone, computed once per year asked for. The library's own start/end are used so a holiday
 * that starts at 14:00 (Christmas Eve in some countries, when that type is chosen) closes from 14:00.
 */
import Holidays from 'date-holidays';

/** The holiday types that close a team unless the policy says otherwise. */
export const DEFAULT_HOLIDAY_TYPES = ['public'] as const;
export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

export interface HolidaySource {
  country: string;
  region?: string | undefined;
  subregion?: string | undefined;
  types: readonly HolidayType[];
}

export interface ClosedInterval {
  start: number;
  end: number;
  /** Shown by `triage oncall` and in explanations: the holiday's name or the closure's. */
  name: string;
}

let catalog: Holidays | undefined;
const lookup = (): Holidays => (catalog ??= new Holidays());

/**
 * Why `source` is not a holiday calendar the library knows, or null when it is. The message names
 * the codes to use so the policy can be fixed without reading the library's docs.
 */
export function checkHolidaySource(source: Pick<HolidaySource, 'country' | 'region' | 'subregion'>): { path: string; message: string } | null {
  const countries = lookup().getCountries('en') ?? {};
  const country = source.country.toUpperCase();
  if (!countries[country]) {
    const near = Object.entries(countries)
      .filter(([code, name]) => code.startsWith(country.slice(0, 1)) || name.toLowerCase().startsWith(source.country.toLowerCase()))
      .slice(0, 8)
      .map(([code, name]) => `${code} (${name})`);
    // The one code people reach for that ISO does not use.
    if (country === 'UK') return { path: 'country', message: 'unknown country "UK"; the United Kingdom is GB (add region: ENG, SCT, WLS or NIR for its nations\' holidays)' };
    return { path: 'country', message: `unknown country "${source.country}"; use an ISO 3166-1 code such as GB, US, DE, FR${near.length ? `; close: ${near.join(', ')}` : ''}` };
  }
  if (source.region === undefined) {
    if (source.subregion !== undefined) return { path: 'subregion', message: 'a subregion needs a region; add region first' };
    return null;
  }
  const regions = lookup().getStates(country, 'en') ?? {};
  const region = source.region.toUpperCase().replace(new RegExp(`^${country}-`), '');
  if (!regions[region]) {
    const known = Object.entries(regions).map(([code, name]) => `${code} (${name})`);
    return {
      path: 'region',
      message: known.length
        ? `unknown region "${source.region}" of ${country}; use one of ${known.join(', ')}`
        : `${country} has no regions in the holiday library; remove region`,
    };
  }
  if (source.subregion === undefined) return null;
  const subregions = lookup().getRegions(country, region, 'en') ?? {};
  if (!subregions[source.subregion.toUpperCase()]) {
    const known = Object.entries(subregions).map(([code, name]) => `${code} (${name})`);
    return { path: 'subregion', message: known.length ? `unknown subregion "${source.subregion}" of ${country}-${region}; use one of ${known.join(', ')}` : `${country}-${region} has no subregions; remove subregion` };
  }
  return null;
}

/** Holidays of one source in one zone, by year, memoised (a year is computed once per process). */
export function holidayIntervals(source: HolidaySource, zone: string): (year: number) => ClosedInterval[] {
  const country = source.country.toUpperCase();
  const region = source.region?.toUpperCase().replace(new RegExp(`^${country}-`), '');
  const subregion = source.subregion?.toUpperCase();
  const options = { timezone: zone, types: [...source.types] };
  const library = region === undefined ? new Holidays(country, options) : subregion === undefined ? new Holidays(country, region, options) : new Holidays(country, region, subregion, options);
  const years = new Map<number, ClosedInterval[]>();
  return (year) => {
    let found = years.get(year);
    if (!found) {
      const list = library.getHolidays(year, 'en') || [];
      found = list
        .filter((h) => (source.types as readonly string[]).includes(h.type))
        .map((h) => ({ start: h.start.getTime(), end: h.end.getTime(), name: h.name }));
      years.set(year, found);
    }
    return found;
  };
}
