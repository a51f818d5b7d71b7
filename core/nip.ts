/**
 * NIP, the 18-digit civil-servant number (Perka BKN 22/2007): `YYYYMMDD YYYYMM G NNN` =
 * birth date, month of appointment as CPNS, sex (1 male, 2 female), sequence (001 upwards).
 * PPPK numbers (NI PPPK) are 18 digits with another meaning: for them only the shape is checked.
 */
export type AsnType = 'PNS' | 'PPPK';

export interface NipInfo {
  birthDate: string; // YYYY-MM-DD
  appointmentMonth: string; // YYYY-MM
  sex: 'MALE' | 'FEMALE';
  sequence: number;
}

export type NipCheck =
  | { ok: true; info?: NipInfo }
  | {
      ok: false;
      code:
        | 'NIP_FORMAT'
        | 'NIP_BIRTH_DATE'
        | 'NIP_APPOINTMENT'
        | 'NIP_APPOINTMENT_TOO_EARLY'
        | 'NIP_APPOINTMENT_FUTURE'
        | 'NIP_SEX'
        | 'NIP_SEQUENCE';
      value?: string;
    };

const isRealDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** `today` is the caller's local date, YYYY-MM-DD (the core never reads the clock itself). */
export function checkNip(nip: string, today: string, asnType: AsnType = 'PNS'): NipCheck {
  if (!/^\d{18}$/.test(nip)) return { ok: false, code: 'NIP_FORMAT' };
  if (asnType === 'PPPK') return { ok: true };

  const by = Number(nip.slice(0, 4));
  const bm = Number(nip.slice(4, 6));
  const bd = Number(nip.slice(6, 8));
  const birth = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  if (by < 1900 || !isRealDate(by, bm, bd) || birth > today) {
    return { ok: false, code: 'NIP_BIRTH_DATE', value: birth };
  }

  const ay = Number(nip.slice(8, 12));
  const am = Number(nip.slice(12, 14));
  const appointment = `${nip.slice(8, 12)}-${nip.slice(12, 14)}`;
  if (am < 1 || am > 12) return { ok: false, code: 'NIP_APPOINTMENT', value: appointment };
  // Appointed at 18 at the earliest: the month of the 18th birthday counts.
  if (ay * 12 + am < (by + 18) * 12 + bm) {
    return { ok: false, code: 'NIP_APPOINTMENT_TOO_EARLY', value: appointment };
  }
  if (appointment > today.slice(0, 7))
    return { ok: false, code: 'NIP_APPOINTMENT_FUTURE', value: appointment };

  const sexDigit = nip[14];
  if (sexDigit !== '1' && sexDigit !== '2') return { ok: false, code: 'NIP_SEX', value: sexDigit ?? '' };

  const sequence = Number(nip.slice(15, 18));
  if (sequence === 0) return { ok: false, code: 'NIP_SEQUENCE' };

  return {
    ok: true,
    info: {
      birthDate: birth,
      appointmentMonth: appointment,
      sex: sexDigit === '1' ? 'MALE' : 'FEMALE',
      sequence,
    },
  };
}
