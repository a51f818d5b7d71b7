/**
 * Indonesia's official non-working days: hari libur nasional and cuti bersama, as set each year
 * by the joint decree of three ministers (SKB 3 Menteri: Menteri Agama, Menteri Ketenagakerjaan,
 * Menteri PANRB), including any later amendment of that decree.
 *
 * This yearly official data wins over the `date-holidays` library. Use the library only as a
 * fallback for a year that is not listed here. It does not know cuti bersama, and it gets some
 * lunar dates wrong.
 *
 * Dates are local calendar dates. A day is a whole local day in the agency's own zone
 * (WIB/WITA/WIT), and every zone uses the same list. Each year's days are sorted by date.
 * Names follow the decree's own wording. A cuti bersama day carries the prefix "Cuti Bersama".
 *
 * Uncertainty per year (entries in doubt carry a trailing `// (?) reason`):
 * - 2025: none left. The original SKB (17 LN + 10 CB) and its 7 August 2025 amendment (adds
 *   CB 18 August) agree across all sources read. Idulfitri (31 Mar) and Iduladha (6 Jun) are the
 *   SKB's dates.
 * - 2026: none in the dates. 17 LN + 8 CB; the decree and every consistent source agree. Some
 *   press copies carry typos (e.g. "14 Desember", "6 Februari", "30 Maret"); these were
 *   outvoted. No amendment of the 2026 SKB was found. The decree leaves the Islamic feast days
 *   to a separate Keputusan Menteri Agama, and no later change was found.
 * - 2027: the SKB was read only through public code repositories and FAQ pages that quote
 *   setneg.go.id / kemenkopmk.go.id. No news page carrying the list was found in the search
 *   corpus. Three independent repositories agree on every date, and their 18 LN + 8 CB matches
 *   the quoted totals. The decree says 1 Ramadan, Idulfitri and Iduladha 1448 H are set later by
 *   a Keputusan Menteri Agama. Those entries are the SKB's dates and may be amended (see the (?)
 *   marks).
 */

export interface OfficialDay {
  /** YYYY-MM-DD, a local calendar date. */
  date: string;
  /** Indonesian name, as in the decree. */
  name: string;
  kind: 'LIBUR_NASIONAL' | 'CUTI_BERSAMA';
}

export interface OfficialYear {
  year: number;
  /** Decree number/date and where it was found. */
  source: string;
  days: OfficialDay[];
}

export const officialDays: Record<number, OfficialYear> = {
  // 17 libur nasional + 11 cuti bersama (10 in the SKB, 1 added by the August 2025 amendment).
  2025: {
    year: 2025,
    source:
      'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, Nomor 2 Tahun 2024 ' +
      'tentang Hari Libur Nasional dan Cuti Bersama Tahun 2025, ditetapkan 14 Oktober 2024; diubah dengan SKB Nomor 933 Tahun 2025, ' +
      'Nomor 1 Tahun 2025, Nomor 3 Tahun 2025 (7 Agustus 2025; menambah cuti bersama 18 Agustus 2025). Found via setkab.go.id as quoted ' +
      'by rasikapekalongan.com and prokalteng.co; menpan.go.id, jpnn.com and koran-jakarta.com (counts and numbers); the amendment via ' +
      'okezone.com, jpnn.com, bloombergtechnoz.com and fajar.co.id; cross-checked with GitHub rahmatauliaikhsan/api-harilibur-id ' +
      'data/skb/2025.json, guangrei/APIHariLibur_V2 holidays.json and vacanza/holidays (indonesia.py).',
    days: [
      { date: '2025-01-01', name: 'Tahun Baru 2025 Masehi', kind: 'LIBUR_NASIONAL' },
      { date: '2025-01-27', name: 'Isra Mikraj Nabi Muhammad S.A.W.', kind: 'LIBUR_NASIONAL' },
      { date: '2025-01-28', name: 'Cuti Bersama Tahun Baru Imlek 2576 Kongzili', kind: 'CUTI_BERSAMA' },
      { date: '2025-01-29', name: 'Tahun Baru Imlek 2576 Kongzili', kind: 'LIBUR_NASIONAL' },
      {
        date: '2025-03-28',
        name: 'Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1947)',
        kind: 'CUTI_BERSAMA',
      },
      { date: '2025-03-29', name: 'Hari Suci Nyepi (Tahun Baru Saka 1947)', kind: 'LIBUR_NASIONAL' },
      { date: '2025-03-31', name: 'Idulfitri 1446 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2025-04-01', name: 'Idulfitri 1446 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2025-04-02', name: 'Cuti Bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2025-04-03', name: 'Cuti Bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2025-04-04', name: 'Cuti Bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2025-04-07', name: 'Cuti Bersama Idulfitri 1446 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2025-04-18', name: 'Wafat Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2025-04-20', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'LIBUR_NASIONAL' },
      { date: '2025-05-01', name: 'Hari Buruh Internasional', kind: 'LIBUR_NASIONAL' },
      { date: '2025-05-12', name: 'Hari Raya Waisak 2569 BE', kind: 'LIBUR_NASIONAL' },
      { date: '2025-05-13', name: 'Cuti Bersama Hari Raya Waisak 2569 BE', kind: 'CUTI_BERSAMA' },
      { date: '2025-05-29', name: 'Kenaikan Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2025-05-30', name: 'Cuti Bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
      { date: '2025-06-01', name: 'Hari Lahir Pancasila', kind: 'LIBUR_NASIONAL' },
      { date: '2025-06-06', name: 'Iduladha 1446 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2025-06-09', name: 'Cuti Bersama Iduladha 1446 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2025-06-27', name: '1 Muharam Tahun Baru Islam 1447 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2025-08-17', name: 'Proklamasi Kemerdekaan', kind: 'LIBUR_NASIONAL' },
      { date: '2025-08-18', name: 'Cuti Bersama Proklamasi Kemerdekaan', kind: 'CUTI_BERSAMA' }, // added by SKB 933/1/3 Tahun 2025
      { date: '2025-09-05', name: 'Maulid Nabi Muhammad S.A.W.', kind: 'LIBUR_NASIONAL' },
      { date: '2025-12-25', name: 'Kelahiran Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2025-12-26', name: 'Cuti Bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
    ],
  },

  // 17 libur nasional + 8 cuti bersama.
  2026: {
    year: 2026,
    source:
      'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 ' +
      'tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026, ditetapkan 19 September 2025 (published by setneg.go.id and ' +
      'kemenkopmk.go.id). Found via disdiksmg.semarangkota.go.id, cimahiaktual.com, lintaspriangan.com, pilihanrakyat.id, ' +
      'thecuy.com and tribunnews.com; cross-checked with GitHub rahmatauliaikhsan/api-harilibur-id data/skb/2026.json and an ' +
      'independent Python decree table quoting setneg.go.id.',
    days: [
      { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'LIBUR_NASIONAL' },
      { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad S.A.W.', kind: 'LIBUR_NASIONAL' },
      { date: '2026-02-16', name: 'Cuti Bersama Tahun Baru Imlek 2577 Kongzili', kind: 'CUTI_BERSAMA' },
      { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'LIBUR_NASIONAL' },
      {
        date: '2026-03-18',
        name: 'Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)',
        kind: 'CUTI_BERSAMA',
      },
      { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'LIBUR_NASIONAL' },
      { date: '2026-03-20', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2026-03-21', name: 'Idulfitri 1447 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2026-03-22', name: 'Idulfitri 1447 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2026-03-23', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2026-03-24', name: 'Cuti Bersama Idulfitri 1447 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'LIBUR_NASIONAL' },
      { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'LIBUR_NASIONAL' },
      { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2026-05-15', name: 'Cuti Bersama Kenaikan Yesus Kristus', kind: 'CUTI_BERSAMA' },
      { date: '2026-05-27', name: 'Iduladha 1447 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2026-05-28', name: 'Cuti Bersama Iduladha 1447 Hijriah', kind: 'CUTI_BERSAMA' },
      { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'LIBUR_NASIONAL' },
      { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'LIBUR_NASIONAL' },
      { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2026-08-17', name: 'Proklamasi Kemerdekaan', kind: 'LIBUR_NASIONAL' },
      { date: '2026-08-25', name: 'Maulid Nabi Muhammad S.A.W.', kind: 'LIBUR_NASIONAL' },
      { date: '2026-12-24', name: 'Cuti Bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
      { date: '2026-12-25', name: 'Kelahiran Yesus Kristus', kind: 'LIBUR_NASIONAL' },
    ],
  },

  // 18 libur nasional (Isra Mikraj falls twice: 1448 H and 1449 H) + 8 cuti bersama.
  2027: {
    year: 2027,
    source:
      'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1205 Tahun 2026, Nomor 3 Tahun 2026, Nomor 2 Tahun 2026 ' +
      'tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027, ditetapkan 15 September 2026 (as published by setneg.go.id and ' +
      'kemenkopmk.go.id, "18 hari libur nasional dan 8 cuti bersama"). Read only as quoted in public GitHub code: ' +
      'rahmatauliaikhsan/api-harilibur-id (data/skb/2027.json and a Kemenko PMK page fixture), an independent Python decree table ' +
      'quoting setneg.go.id and kemenkopmk.go.id, and a stock-exchange holiday CSV. All three agree on every date. No news page ' +
      'with the list was found; vacanza/holidays PR #3828 (2026-09-17) confirms that the 2027 cuti bersama were published.',
    days: [
      { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'LIBUR_NASIONAL' },
      { date: '2027-01-05', name: 'Isra Mikraj Nabi Muhammad S.A.W. 1448 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2027-02-05', name: 'Cuti Bersama Tahun Baru Imlek 2578 Kongzili', kind: 'CUTI_BERSAMA' },
      { date: '2027-02-06', name: 'Tahun Baru Imlek 2578 Kongzili', kind: 'LIBUR_NASIONAL' },
      { date: '2027-03-08', name: 'Hari Suci Nyepi (Tahun Baru Saka 1949)', kind: 'LIBUR_NASIONAL' },
      { date: '2027-03-09', name: 'Cuti Bersama Idulfitri 1448 Hijriah', kind: 'CUTI_BERSAMA' }, // (?) Idulfitri 1448 H is set later by Keputusan Menteri Agama; the cuti bersama may move with it
      { date: '2027-03-10', name: 'Idulfitri 1448 Hijriah', kind: 'LIBUR_NASIONAL' }, // (?) SKB date; 1 Syawal 1448 H is set later by Keputusan Menteri Agama (sidang isbat)
      { date: '2027-03-11', name: 'Idulfitri 1448 Hijriah', kind: 'LIBUR_NASIONAL' }, // (?) SKB date; 1 Syawal 1448 H is set later by Keputusan Menteri Agama (sidang isbat)
      { date: '2027-03-12', name: 'Cuti Bersama Idulfitri 1448 Hijriah', kind: 'CUTI_BERSAMA' }, // (?) Idulfitri 1448 H is set later by Keputusan Menteri Agama; the cuti bersama may move with it
      { date: '2027-03-15', name: 'Cuti Bersama Idulfitri 1448 Hijriah', kind: 'CUTI_BERSAMA' }, // (?) Idulfitri 1448 H is set later by Keputusan Menteri Agama; the cuti bersama may move with it
      { date: '2027-03-25', name: 'Cuti Bersama Wafat Yesus Kristus', kind: 'CUTI_BERSAMA' },
      { date: '2027-03-26', name: 'Wafat Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'LIBUR_NASIONAL' },
      { date: '2027-05-01', name: 'Hari Buruh Internasional', kind: 'LIBUR_NASIONAL' },
      { date: '2027-05-06', name: 'Kenaikan Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2027-05-17', name: 'Iduladha 1448 Hijriah', kind: 'LIBUR_NASIONAL' }, // (?) SKB date; Iduladha 1448 H is set later by Keputusan Menteri Agama (several unofficial calendars say 16 May)
      { date: '2027-05-18', name: 'Cuti Bersama Iduladha 1448 Hijriah', kind: 'CUTI_BERSAMA' }, // (?) follows Iduladha 1448 H, which is set later by Keputusan Menteri Agama
      { date: '2027-05-19', name: 'Cuti Bersama Hari Raya Waisak 2571 BE', kind: 'CUTI_BERSAMA' },
      { date: '2027-05-20', name: 'Hari Raya Waisak 2571 BE', kind: 'LIBUR_NASIONAL' },
      { date: '2027-06-01', name: 'Hari Lahir Pancasila', kind: 'LIBUR_NASIONAL' },
      { date: '2027-06-06', name: '1 Muharam Tahun Baru Islam 1449 Hijriah', kind: 'LIBUR_NASIONAL' },
      { date: '2027-08-15', name: 'Maulid Nabi Muhammad S.A.W.', kind: 'LIBUR_NASIONAL' },
      { date: '2027-08-17', name: 'Proklamasi Kemerdekaan', kind: 'LIBUR_NASIONAL' },
      { date: '2027-12-24', name: 'Cuti Bersama Kelahiran Yesus Kristus', kind: 'CUTI_BERSAMA' },
      { date: '2027-12-25', name: 'Kelahiran Yesus Kristus', kind: 'LIBUR_NASIONAL' },
      { date: '2027-12-26', name: 'Isra Mikraj Nabi Muhammad S.A.W. 1449 Hijriah', kind: 'LIBUR_NASIONAL' },
    ],
  },
};
