/**
 * The message catalog: every stable error code in Bahasa Indonesia (default) and English.
 * `{name}` placeholders are filled from the error's params.
 */
import Negotiator from 'negotiator';
import { appealMessages } from './appeal/messages.ts';
import { appraisalMessages } from './appraisal/messages.ts';
import { checkinMessages } from './checkin/messages.ts';
import type { Params } from './errors.ts';
import { localTime } from './notifications.ts';
import { reportMessages } from './report/messages.ts';
import { surveyMessages } from './survey/messages.ts';
import { workflowMessages } from './workflow-messages.ts';

export type Lang = 'id' | 'en';

const catalog: Record<string, { id: string; en: string }> = {
  // problem titles, by kind
  TITLE_BAD_REQUEST: { id: 'Permintaan tidak dapat dibaca', en: 'Bad request' },
  TITLE_UNAUTHENTICATED: { id: 'Belum masuk', en: 'Not authenticated' },
  TITLE_FORBIDDEN: { id: 'Tidak diizinkan', en: 'Forbidden' },
  TITLE_NOT_FOUND: { id: 'Tidak ditemukan', en: 'Not found' },
  TITLE_CONFLICT: { id: 'Konflik dengan keadaan saat ini', en: 'Conflict with the current state' },
  TITLE_PRECONDITION_FAILED: { id: 'Versi dokumen sudah berubah', en: 'The document has changed' },
  TITLE_PRECONDITION_REQUIRED: { id: 'Header If-Match wajib', en: 'If-Match required' },
  TITLE_UNSUPPORTED_MEDIA_TYPE: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
  TITLE_UNPROCESSABLE: { id: 'Data tidak valid', en: 'Invalid data' },
  TITLE_PAYLOAD_TOO_LARGE: { id: 'Isi permintaan terlalu besar', en: 'Payload too large' },
  TITLE_GONE: { id: 'Tidak tersedia lagi', en: 'No longer available' },
  TITLE_TOO_MANY_REQUESTS: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  TITLE_INTERNAL: { id: 'Kesalahan server', en: 'Server error' },
  TITLE_BAD_GATEWAY: { id: 'Layanan tidak menjawab dengan benar', en: 'Bad gateway' },
  // request-level
  VALIDATION_FAILED: {
    id: 'Data yang dikirim tidak valid ({count} masalah).',
    en: 'The request is invalid ({count:problem|problems}).',
  },
  IMPORT_INVALID: {
    id: 'Berkas impor ditolak: {count} masalah, tidak ada data yang disimpan.',
    en: 'Import rejected: {count:problem|problems}, nothing was saved.',
  },
  MALFORMED_JSON: { id: 'Isi permintaan bukan JSON yang valid.', en: 'The request body is not valid JSON.' },
  MALFORMED_CSV: {
    id: 'Berkas CSV tidak dapat dibaca: {reason}',
    en: 'The CSV file cannot be read: {reason}',
  },
  UNSUPPORTED_MEDIA_TYPE: { id: 'Jenis konten harus {expected}.', en: 'Content type must be {expected}.' },
  UNAUTHENTICATED: { id: 'Token akses tidak ada atau tidak sah.', en: 'Access token missing or invalid.' },
  TOKEN_EXPIRED: { id: 'Token akses sudah kedaluwarsa.', en: 'The access token has expired.' },
  FORBIDDEN: { id: 'Anda tidak berhak melakukan tindakan ini.', en: 'You are not allowed to do this.' },
  ROLE_REQUIRED: { id: 'Tindakan ini memerlukan peran {role}.', en: 'This action requires the {role} role.' },
  UNKNOWN_FIELD: {
    id: 'Kolom ini tidak dikenal; tidak ada yang disimpan (periksa ejaannya).',
    en: 'Unknown field; nothing was saved (check its spelling).',
  },
  BODY_NOT_ALLOWED: {
    id: 'Permintaan ini tidak menerima isi (body); kirim tanpa isi.',
    en: 'This request takes no body; send it without one.',
  },
  READ_ONLY_FIELD: {
    id: 'Kolom ini hanya-baca dan berbeda dari dokumen yang tersimpan ({expected}); kirim nilai yang sama atau hapus kolomnya.',
    en: 'This field is read-only and differs from the stored document ({expected}); send the same value or leave it out.',
  },
  CASCADE_SOURCE_NOT_APPROVED: {
    id: 'SKP atasan {skpId} masih berstatus {status}: SKP yang mengintervensi RHK-nya baru dapat disetujui setelah SKP atasan itu disetujui.',
    en: "The supervisor's SKP {skpId} is still {status}: an SKP intervening in its RHK can be approved only once that SKP is approved.",
  },
  SKP_END_BEFORE_START: {
    id: 'SKP {skpId} baru mulai bulan ke-{startMonth}; perpindahan harus sesudahnya.',
    en: 'SKP {skpId} starts in month {startMonth}; the move must come after it.',
  },
  PROFILE_INACTIVE: {
    id: 'Profil Anda (NIP {nip}) sudah tidak aktif di instansi ini.',
    en: 'Your profile (NIP {nip}) is no longer active in this agency.',
  },
  NOTIFICATION_NOT_FOUND: { id: 'Pemberitahuan tidak ditemukan.', en: 'Notification not found.' },
  ROUTE_NOT_FOUND: { id: 'Alamat tidak ditemukan.', en: 'No such route.' },
  MALFORMED_HOST: { id: 'Header Host tidak valid.', en: 'The Host header is not valid.' },
  MALFORMED_PATH: {
    id: 'Alamat berisi kode persen (%) yang tidak valid.',
    en: 'The path contains an invalid percent-escape.',
  },
  PAYLOAD_TOO_LARGE: {
    id: 'Isi permintaan melebihi 10 MB.',
    en: 'The request body is larger than 10 MB.',
  },
  BAD_GATEWAY: {
    id: 'Fungsi yang melayani alamat ini gagal; silakan coba lagi.',
    en: 'The function serving this route failed; please retry.',
  },
  CLOCK_BACKWARDS: {
    id: 'Jam lokal hanya bisa maju: sekarang {now}, sedangkan {at} lebih awal.',
    en: 'The local clock only moves forward: it is {now}, and {at} is earlier.',
  },
  INTERNAL: {
    id: 'Terjadi kesalahan pada server. Silakan coba lagi.',
    en: 'Something went wrong on the server. Please try again.',
  },
  // agencies and employees
  AGENCY_NOT_FOUND: { id: 'Instansi {agencyId} tidak ditemukan.', en: 'Agency {agencyId} not found.' },
  AGENCY_EXISTS: { id: 'Instansi {agencyId} sudah terdaftar.', en: 'Agency {agencyId} already exists.' },
  EMPLOYEE_NOT_FOUND: {
    id: 'Pegawai dengan NIP {nip} tidak ditemukan.',
    en: 'Employee with NIP {nip} not found.',
  },
  PROFILE_NOT_FOUND: {
    id: 'Profil Anda (NIP {nip}) belum terdaftar di instansi mana pun.',
    en: 'Your profile (NIP {nip}) is not registered in any agency.',
  },
  IMPORT_TOO_LARGE_FOR_SYNC: {
    id: 'Berkas berisi {rows} baris; impor langsung menerima paling banyak {max}. Gunakan impor bertahap: POST /v1/agencies/{agencyId}/employees/imports.',
    en: 'The file has {rows} rows; a direct import takes at most {max}. Use the asynchronous import: POST /v1/agencies/{agencyId}/employees/imports.',
  },
  IMPORT_JOB_NOT_FOUND: { id: 'Impor {jobId} tidak ditemukan.', en: 'Import {jobId} not found.' },
  IMPORT_JOB_ILLEGAL_TRANSITION: {
    id: 'Tindakan {command} tidak dapat dilakukan pada impor berstatus {status}.',
    en: '{command} is not possible on an import in status {status}.',
  },
  IMPORT_NOT_UPLOADED: {
    id: 'Berkas impor belum diunggah ke alamat unggah.',
    en: 'The import file has not been uploaded to the upload URL yet.',
  },
  IMPORT_SIZE_MISMATCH: {
    id: 'Ukuran berkas yang diunggah ({actual} bita) tidak sama dengan yang dinyatakan ({declared} bita).',
    en: 'The uploaded file ({actual} bytes) is not the size declared ({declared} bytes).',
  },
  IMPORT_FILE_SIZE: {
    id: 'Ukuran berkas harus 1 bita sampai 32 MB.',
    en: 'The file size must be 1 byte to 32 MB.',
  },
  IMPORT_FAILED: {
    id: 'Impor gagal karena kesalahan server; tidak ada data yang disimpan. Silakan ulangi.',
    en: 'The import failed on a server error; nothing was saved. Please retry.',
  },
  IMPORT_CONCURRENT: {
    id: 'Impor lain untuk instansi {agencyId} sedang berjalan; ulangi sebentar lagi (impor bersifat idempoten).',
    en: 'Another import for agency {agencyId} ran at the same time; retry shortly (imports are idempotent).',
  },
  CYCLE_EXISTS: {
    id: 'Siklus {year} untuk instansi ini sudah dibuka.',
    en: 'The {year} cycle of this agency is already open.',
  },
  CYCLE_NOT_FOUND: {
    id: 'Siklus {year} belum dibuka oleh pengelola kinerja.',
    en: 'The {year} cycle has not been opened by HR.',
  },
  SKP_NOT_FOUND: { id: 'SKP {skpId} tidak ditemukan.', en: 'SKP {skpId} not found.' },
  SKP_EXISTS: {
    id: 'SKP tahun {year} Anda sudah ada ({skpId}).',
    en: 'Your {year} SKP already exists ({skpId}).',
  },
  SKP_OWNER_ONLY: {
    id: 'Hanya pemilik SKP yang dapat melakukan ini.',
    en: 'Only the SKP owner can do this.',
  },
  SKP_APPRAISER_ONLY: {
    id: 'Hanya pejabat penilai kinerja (atasan langsung) yang dapat melakukan ini.',
    en: 'Only the appraiser (direct supervisor) can do this.',
  },
  STALE_VERSION: {
    id: 'Dokumen sudah diubah orang lain[ (versi sekarang {version})]; muat ulang lalu coba lagi.',
    en: 'The document has changed[ (now version {version})]; reload and retry.',
  },
  IF_MATCH_REQUIRED: {
    id: 'Header If-Match dengan ETag dokumen wajib dikirim.',
    en: 'Send the If-Match header with the document ETag.',
  },
  ILLEGAL_TRANSITION: {
    id: 'Tindakan {command} tidak dapat dilakukan pada SKP yang berstatus {status}.',
    en: '{command} is not possible on an SKP that is {status}.',
  },
  RHK_NOT_CASCADED: {
    id: '{count} RHK utama belum dikaitkan dengan RHK atasan (intervensi).',
    en: '{count:main RHK is|main RHK are} not linked to a supervisor RHK yet.',
  },
  BUSY_RETRY: {
    id: 'Sedang banyak perubahan bersamaan; silakan ulangi sebentar lagi.',
    en: 'Too many simultaneous changes; please retry shortly.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    id: 'Idempotency-Key ini sudah dipakai untuk permintaan lain.',
    en: 'This Idempotency-Key was used for a different request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    id: 'Permintaan dengan Idempotency-Key ini sedang diproses.',
    en: 'A request with this Idempotency-Key is in progress.',
  },
  // field issues
  YEAR_FORMAT: { id: 'Tahun harus angka 2020–2100.', en: 'Year must be a number 2020–2100.' },
  LIMIT_RANGE: { id: 'limit harus 1–{max}.', en: 'limit must be 1–{max}.' },
  BAD_CURSOR: { id: 'Kursor halaman tidak valid.', en: 'Invalid page cursor.' },
  FOREIGN_RHK_ID: {
    id: 'rhkId bukan milik SKP ini atau terulang.',
    en: 'rhkId does not belong to this SKP or repeats.',
  },
  FOREIGN_RHK: {
    id: 'RHK yang diintervensi harus RHK atasan langsung Anda pada tahun yang sama.',
    en: "The intervened RHK must be your direct supervisor's, of the same year.",
  },
  UNKNOWN_RHK: { id: 'RHK atasan {rhkId} tidak ditemukan.', en: 'Supervisor RHK {rhkId} not found.' },
  HEAD_NEEDS_NO_LINK: {
    id: 'Pimpinan tertinggi tidak mengintervensi RHK siapa pun.',
    en: "The agency head intervenes in no one's RHK.",
  },
  NEEDS_RHK_UTAMA: {
    id: 'SKP memerlukan sedikitnya satu RHK utama.',
    en: 'An SKP needs at least one main RHK.',
  },
  DUPLICATE_ID: { id: 'Nilai ini terulang.', en: 'This value repeats.' },
  DATE_OUT_OF_BOUNDS: {
    id: 'Tanggal harus antara {from} dan {to}.',
    en: 'The date must be between {from} and {to}.',
  },
  UNKNOWN_PERIOD: {
    id: 'Periode tidak dikenal; yang berlaku: {periods}.',
    en: 'Unknown period; valid: {periods}.',
  },
  REQUIRED: { id: 'Wajib diisi.', en: 'Required.' },
  NUMBER_RANGE: {
    id: 'Angka harus 0 atau antara 0,000001 dan 1.000.000.000.000.',
    en: 'The number must be 0 or between 0.000001 and 1,000,000,000,000.',
  },
  NIP_FORMAT: { id: 'NIP harus 18 digit angka.', en: 'NIP must be 18 digits.' },
  NIP_BIRTH_DATE: {
    id: 'Tanggal lahir dalam NIP ({value}) bukan tanggal yang valid.',
    en: 'The birth date in the NIP ({value}) is not a valid date.',
  },
  NIP_APPOINTMENT: {
    id: 'Bulan pengangkatan dalam NIP ({value}) tidak valid.',
    en: 'The appointment month in the NIP ({value}) is not valid.',
  },
  NIP_APPOINTMENT_TOO_EARLY: {
    id: 'Pengangkatan dalam NIP ({value}) sebelum usia 18 tahun.',
    en: 'The appointment in the NIP ({value}) is before age 18.',
  },
  NIP_APPOINTMENT_FUTURE: {
    id: 'Pengangkatan dalam NIP ({value}) di masa depan.',
    en: 'The appointment in the NIP ({value}) is in the future.',
  },
  NIP_SEX: {
    id: 'Digit jenis kelamin dalam NIP harus 1 atau 2 (ditemukan {value}).',
    en: 'The sex digit of the NIP must be 1 or 2 (found {value}).',
  },
  NIP_SEQUENCE: {
    id: 'Nomor urut dalam NIP tidak boleh 000.',
    en: 'The sequence number of the NIP must not be 000.',
  },
  DUPLICATE_NIP: {
    id: 'NIP {nip} muncul lebih dari sekali (juga di baris {otherRow}).',
    en: 'NIP {nip} appears more than once (also row {otherRow}).',
  },
  UNKNOWN_SUPERVISOR: {
    id: 'Atasan dengan NIP {supervisorNip} tidak ada di berkas maupun di instansi.',
    en: 'Supervisor {supervisorNip} is neither in the file nor in the agency.',
  },
  SELF_SUPERVISOR: {
    id: 'Pegawai tidak boleh menjadi atasan dirinya sendiri.',
    en: 'An employee cannot supervise themselves.',
  },
  REPORTING_LOOP: {
    id: 'Hubungan atasan membentuk lingkaran: {chain}.',
    en: 'The supervisor links form a loop: {chain}.',
  },
  OTHER_AGENCY_EMPLOYEE: {
    id: 'NIP {nip} tidak tersedia untuk instansi ini.',
    en: 'NIP {nip} is not available for this agency.',
  },
  UNIT_NAME_MISMATCH: {
    id: 'Unit {unitId} diberi dua nama berbeda: "{a}" dan "{b}".',
    en: 'Unit {unitId} has two different names: "{a}" and "{b}".',
  },
  EMAIL_FORMAT: { id: 'Alamat email tidak valid.', en: 'Not a valid email address.' },
  TOO_LONG: { id: 'Terlalu panjang (maksimal {max} karakter).', en: 'Too long (at most {max} characters).' },
  ID_FORMAT: {
    id: 'Hanya huruf kecil, angka dan tanda hubung (2–40 karakter).',
    en: 'Lowercase letters, digits and hyphens only (2–40 characters).',
  },
  TIME_ZONE: {
    id: 'Zona waktu harus Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).',
    en: 'Time zone must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).',
  },
  TOO_MANY_ROWS: {
    id: 'Berkas berisi {rows} baris; maksimal {max}.',
    en: 'The file has {rows:row|rows}; at most {max}.',
  },
  CSV_HEADER: {
    id: 'Baris judul kolom harus memuat: {expected} (urutan bebas; pemisah koma atau titik koma).[ Kolom yang kurang: {missing}.][ Kolom yang tidak dikenal: {unknown}.]',
    en: 'The header row must hold: {expected} (any order; separated by commas or semicolons).[ Missing: {missing}.][ Unknown: {unknown}.]',
  },
  CSV_HEADER_DUPLICATE: {
    id: 'Kolom {column} muncul lebih dari sekali di baris judul kolom.',
    en: 'The column {column} appears more than once in the header row.',
  },
  NIP_DIGITS: {
    id: 'NIP harus 18 digit angka; yang tertulis "{value}" berisi {digits} digit.',
    en: 'A NIP has 18 digits; "{value}" has {digits}.',
  },
  NIP_SCIENTIFIC: {
    id: 'NIP tertulis sebagai angka ilmiah ("{value}"): Excel mengubah NIP menjadi angka dan digit terakhirnya hilang. Format kolom NIP sebagai Teks, ketik ulang NIP-nya, lalu simpan lagi (atau gunakan templat impor).',
    en: 'The NIP is written in scientific notation ("{value}"): Excel turned it into a number and lost its last digits. Format the NIP column as Text, type the NIPs again and save (or use the import template).',
  },
  NIP_AS_NUMBER: {
    id: 'NIP tersimpan sebagai angka di XLSX ("{value}"), sehingga digit terakhirnya bisa hilang. Format kolom NIP sebagai Teks dan ketik ulang NIP-nya (atau gunakan templat impor).',
    en: 'The NIP is stored as a number in the XLSX ("{value}"), so its last digits may be lost. Format the NIP column as Text and type the NIPs again (or use the import template).',
  },
  UNREADABLE_XLSX: {
    id: 'Berkas XLSX tidak dapat dibaca: {reason}',
    en: 'The XLSX file cannot be read: {reason}',
  },
  MONTH_FORMAT: {
    id: 'Bulan ditulis YYYY-MM (mis. 2027-07) atau MM/YYYY.',
    en: 'A month is written YYYY-MM (e.g. 2027-07) or MM/YYYY.',
  },
  EFFECTIVE_MONTH_REQUIRED: {
    id: 'Pegawai yang menjadi INACTIVE perlu bulan TMT-nya (effectiveMonth): bulan pertama ia tidak lagi bekerja di sini.',
    en: 'An employee who becomes INACTIVE needs the effective month (effectiveMonth): the first month they no longer work here.',
  },
  XLSX_TOO_LARGE: {
    id: 'Berkas XLSX ini terlalu besar setelah dibuka (lebih dari {max} MB): simpan hanya lembar data pegawai, atau pecah menjadi beberapa berkas.',
    en: 'This XLSX file is too large once unpacked (over {max} MB): keep only the employee sheet, or split it into several files.',
  },
  EFFECTIVE_MONTH_RANGE: {
    id: 'Bulan TMT {value} di luar rentang yang diterima ({from} sampai {to}).',
    en: 'The effective month {value} is outside the accepted range ({from} to {to}).',
  },
  SUPERVISOR_INACTIVE: {
    id: 'Atasan {supervisorNip} sudah tidak aktif: tuliskan atasan baru untuk pegawai ini.',
    en: 'Supervisor {supervisorNip} is no longer active: name a new supervisor for this employee.',
  },
  LEAVER_HAS_REPORTS: {
    id: 'NIP {nip} tidak aktif lagi tetapi masih menjadi atasan {count} pegawai ({reports}): sertakan baris mereka dengan atasan baru, agar tugas yang tertunda berpindah kepadanya.',
    en: 'NIP {nip} is leaving but still supervises {count:employee|employees} ({reports}): include their rows with a new supervisor, so that pending steps pass to them.',
  },
  EMPTY_FILE: { id: 'Berkas tidak berisi baris data.', en: 'The file has no data rows.' },
};

Object.assign(
  catalog,
  checkinMessages,
  workflowMessages,
  appraisalMessages,
  reportMessages,
  surveyMessages,
  appealMessages,
);

/**
 * A message in `lang`. Templates know three forms:
 *  - `{name}`: a parameter; command, status and role names are translated (no English codes in
 *    an Indonesian sentence), ISO times read in the agency's zone ("31 Januari 2026 pukul 23.59 WITA");
 *  - `{count:one|other}`: the number with its noun in the right form ("1 problem", "2 problems");
 *  - `[...]`: an optional part, left out when a parameter inside it is unknown.
 */
export function render(code: string, lang: Lang, params: Params = {}): string {
  const entry = catalog[code];
  const template = entry ? entry[lang] : code;
  const known = (name: string) => params[name] !== undefined && params[name] !== '?' && params[name] !== '';
  return template
    .replace(/\[([^\]]*)\]/g, (_, part: string) =>
      [...part.matchAll(/\{(\w+)/g)].every((m) => known(m[1]!)) ? part : '',
    )
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) => {
      const n = Number(params[name]);
      return `${params[name] ?? `{${name}}`} ${plural(lang, n) === 'one' ? one : other}`;
    })
    .replace(/\{(\w+)\}/g, (_, name: string) =>
      params[name] === undefined ? `{${name}}` : term(name, params[name]!, lang),
    );
}

const plurals = { id: new Intl.PluralRules('id'), en: new Intl.PluralRules('en') };
const plural = (lang: Lang, n: number) => (Number.isFinite(n) ? plurals[lang].select(n) : 'other');

/** Names of commands, statuses and roles in each language (codes stay codes in `code`). */
const terms: Record<string, Record<string, { id: string; en: string }>> = {
  command: {
    EDIT: { id: 'mengubah', en: 'Editing' },
    SUBMIT: { id: 'mengajukan', en: 'Submitting' },
    APPROVE: { id: 'menyetujui', en: 'Approving' },
    RETURN: { id: 'mengembalikan', en: 'Returning' },
    REVISE: { id: 'merevisi', en: 'Revising' },
    END: { id: 'mengakhiri', en: 'Ending' },
    SAVE_REALISASI: { id: 'menyimpan realisasi', en: 'Saving the realisasi' },
    SELF_ASSESS: { id: 'mengisi penilaian diri', en: 'Writing the self-assessment' },
    FEEDBACK: { id: 'memberi umpan balik', en: 'Giving feedback' },
    RECORD_DIALOG: { id: 'mencatat dialog kinerja', en: 'Recording a dialog' },
    RECORD_COACHING: { id: 'mencatat bimbingan', en: 'Recording coaching' },
    GIVE: { id: 'memberi masukan', en: 'Giving input' },
  },
  status: {
    DRAFT: { id: 'draf', en: 'draft' },
    SUBMITTED: { id: 'diajukan', en: 'submitted' },
    APPROVED: { id: 'disetujui', en: 'approved' },
    RETURNED: { id: 'dikembalikan', en: 'returned' },
    ENDED: { id: 'berakhir', en: 'ended' },
    OPEN: { id: 'terbuka', en: 'open' },
    REVIEWED: { id: 'sudah ditinjau', en: 'reviewed' },
    REQUESTED: { id: 'diminta', en: 'requested' },
    GIVEN: { id: 'sudah diberikan', en: 'given' },
  },
  role: {
    HR: { id: 'pengelola kinerja (HR)', en: 'HR (pengelola kinerja)' },
    ADMIN: { id: 'administrator platform', en: 'platform administrator' },
  },
};

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function term(name: string, value: string | number, lang: Lang): string {
  const t = terms[name]?.[String(value)];
  if (t) return t[lang];
  if (typeof value === 'string' && isoTime.test(value)) return localTime(value, lang);
  return String(value);
}

export const hasMessage = (code: string) => code in catalog;

/**
 * The language of the answer from `Accept-Language`, by its q-values (RFC 9110): `fr,en;q=0.5`
 * is English, `en;q=0.1,id` Indonesian; nothing acceptable, or no header: Indonesian.
 */
export function langFrom(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'id';
  const chosen = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language(['id', 'en']);
  return chosen === 'en' ? 'en' : 'id';
}
