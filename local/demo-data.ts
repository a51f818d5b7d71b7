/**
 * Demo and synthetic org charts with valid NIPs, deterministic from a seed: the demo agency of
 * `npm start`, the test fixtures and the 100,000-row import benchmark all come from here.
 */
import { csvRow } from '#core/csv.ts';
import type { JobType } from '#core/employee.ts';

export type Rng = () => number;

/** mulberry32: a tiny deterministic PRNG, so every run builds the same people. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const pick = <T>(r: Rng, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

/** A valid PNS NIP: birth 1966-1999, appointed as CPNS between age 20 and 35, never in the future. */
export function makeNip(r: Rng, sequence: number): string {
  const by = int(r, 1966, 1999);
  const bm = int(r, 1, 12);
  const bd = int(r, 1, 28);
  const ay = Math.min(2025, by + int(r, 20, 35));
  const am = int(r, 1, 12);
  const sex = int(r, 1, 2);
  return `${by}${pad(bm, 2)}${pad(bd, 2)}${ay}${pad(am, 2)}${sex}${pad((sequence % 999) + 1, 3)}`;
}

const firstNames = [
  'Andi',
  'Budi',
  'Citra',
  'Dewi',
  'Eka',
  'Fajar',
  'Gita',
  'Hendra',
  'Indah',
  'Joko',
  'Kartika',
  'Lestari',
  'Made',
  'Nur',
  'Oki',
  'Putri',
  'Rahmat',
  'Sari',
  'Taufik',
  'Utami',
  'Wahyu',
  'Yusuf',
  'Zahra',
  'Rini',
  'Arif',
  'Siti',
  'Bambang',
  'Nurul',
];
const lastNames = [
  'Saputra',
  'Wijaya',
  'Siregar',
  'Nasution',
  'Harahap',
  'Lubis',
  'Daeng',
  'Pratama',
  'Rahman',
  'Hidayat',
  'Kurniawan',
  'Syahputra',
  'Putri',
  'Sulistyo',
  'Tanjung',
  'Pane',
  'Chaniago',
  'Piliang',
  'Koto',
  'Mandailing',
];

export interface OrgRow {
  nip: string;
  name: string;
  email: string;
  position: string;
  /** Jenis jabatan (the import's optional column): only a functional position earns angka kredit. */
  jobType?: JobType;
  unitId: string;
  unitName: string;
  supervisorNip: string;
}

/** The demo positions' jenis jabatan (analysts and programmers are functional positions). */
const jobTypeOf = (position: string): JobType =>
  /^(Kepala|Sekretaris|Pejabat Struktural)/.test(position)
    ? 'STRUKTURAL'
    : /^(Analis|Pranata)/.test(position)
      ? 'FUNGSIONAL'
      : 'PELAKSANA';

const header = 'nip,name,email,position,jobType,unitId,unitName,supervisorNip';
/** The org as an import file; cells through csvSafe, like every CSV the project writes. */
export const toCsv = (rows: readonly OrgRow[]) =>
  `${header}\n${rows
    .map((r) =>
      csvRow([
        r.nip,
        r.name,
        r.email,
        r.position,
        r.jobType ?? jobTypeOf(r.position),
        r.unitId,
        r.unitName,
        r.supervisorNip,
      ]),
    )
    .join('\n')}\n`;

function person(
  r: Rng,
  seq: number,
  domain: string,
  position: string,
  unitId: string,
  unitName: string,
  supervisorNip: string,
): OrgRow {
  const name = `${pick(r, firstNames)} ${pick(r, lastNames)}`;
  const nip = makeNip(r, seq);
  return {
    nip,
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${nip.slice(-4)}@${domain}`,
    position,
    unitId,
    unitName,
    supervisorNip,
  };
}

export const demoAgency = {
  agencyId: 'kota-bukittinggi',
  name: 'Pemerintah Kota Bukittinggi',
  timeZone: 'Asia/Jakarta',
  periodicity: 'QUARTERLY',
} as const;

/**
 * The demo agency: the Sekretaris Daerah at the top, four offices (dinas) each with a head and
 * two divisions (bidang), each division with a head and three or four staff. 41 people.
 */
export function demoOrg(seed = 2027): OrgRow[] {
  const r = rng(seed);
  const domain = 'bukittinggikota.go.id';
  let seq = 0;
  const rows: OrgRow[] = [];
  const sekda = person(r, ++seq, domain, 'Sekretaris Daerah', 'setda', 'Sekretariat Daerah', '');
  rows.push(sekda);
  const offices = [
    ['bkpsdm', 'Badan Kepegawaian dan Pengembangan SDM', ['Bidang Penilaian Kinerja', 'Bidang Mutasi']],
    ['disdik', 'Dinas Pendidikan', ['Bidang Pembinaan SD', 'Bidang Pembinaan SMP']],
    ['dinkes', 'Dinas Kesehatan', ['Bidang Pelayanan Kesehatan', 'Bidang Pencegahan Penyakit']],
    ['dpmptsp', 'Dinas Penanaman Modal dan PTSP', ['Bidang Perizinan', 'Bidang Pengaduan']],
  ] as const;
  for (const [unitId, unitName, divisions] of offices) {
    const head = person(r, ++seq, domain, `Kepala ${unitName}`, unitId, unitName, sekda.nip);
    rows.push(head);
    divisions.forEach((division, d) => {
      const chief = person(r, ++seq, domain, `Kepala ${division}`, unitId, unitName, head.nip);
      rows.push(chief);
      const staff = d === 0 ? 4 : 3;
      for (let i = 0; i < staff; i++) {
        rows.push(
          person(
            r,
            ++seq,
            domain,
            pick(r, [
              'Analis SDM Aparatur',
              'Pengadministrasi Umum',
              'Penyusun Program',
              'Pranata Komputer',
              'Analis Kebijakan',
            ]),
            unitId,
            unitName,
            chief.nip,
          ),
        );
      }
    });
  }
  return rows;
}

/**
 * A synthetic agency of `size` people for benchmarks: a tree with a fan-out of about eight per
 * supervisor, spread over units of a few hundred.
 */
export function syntheticOrg(size: number, seed = 1): OrgRow[] {
  const r = rng(seed);
  const rows: OrgRow[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < size; i++) {
    let nip = makeNip(r, i);
    while (seen.has(nip)) nip = makeNip(r, i);
    seen.add(nip);
    const supervisor = i === 0 ? '' : rows[Math.floor((i - 1) / 8)]!.nip;
    const unit = Math.floor(i / 400);
    rows.push({
      nip,
      name: `${pick(r, firstNames)} ${pick(r, lastNames)}`,
      email: `p${i}@contoh.go.id`,
      position: i < 50 ? 'Pejabat Struktural' : 'Pelaksana',
      unitId: `unit-${unit}`,
      unitName: `Unit Kerja ${unit}`,
      supervisorNip: supervisor,
    });
  }
  return rows;
}
