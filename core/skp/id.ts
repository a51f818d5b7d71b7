/**
 * SKP ids: `<year>.<unitId>.<nip>.<seq>`. One employee may have several SKPs in a year (a mutasi,
 * a promotion, a CPNS appointed mid-year, a Plt: each covers some months), numbered from 1. The
 * id names the facts a state change needs before it writes (year -> the cycle calendar, unit ->
 * the completion counters), so a change costs one round trip. Ids are not secrets: every read
 * and write is authorized.
 */
export interface SkpIdParts {
  year: number;
  unitId: string;
  nip: string;
  seq: number;
}

export const skpIdOf = (year: number, unitId: string, nip: string, seq = 1) =>
  `${year}.${unitId}.${nip}.${seq}`;

export function parseSkpId(skpId: string): SkpIdParts | undefined {
  const m = /^(\d{4})\.([a-z0-9][a-z0-9-]{1,39})\.(\d{18})\.([1-9]\d?)$/.exec(skpId);
  return m ? { year: Number(m[1]), unitId: m[2]!, nip: m[3]!, seq: Number(m[4]) } : undefined;
}

/** RHK ids are `<skpId>~<suffix>`, so a reference names the SKP it lives in. */
export function skpIdOfRhk(rhkId: string): string | undefined {
  const m = /^([^~]+)~[a-z0-9]{4,12}$/.exec(rhkId);
  return m && parseSkpId(m[1]!) ? m[1] : undefined;
}
