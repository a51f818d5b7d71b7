/**
 * The message catalog: every stable error code in Bahasa Indonesia (default) and English.
 * `{name}` placeholders are filled from the error's params.
 */
import { appraisalMessages } from './appraisal/messages.ts';
import { checkinMessages } from './checkin/messages.ts';
import type { Params } from './errors.ts';
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
  TITLE_GONE: { id: 'Tidak tersedia lagi', en: 'No longer available' },
  TITLE_TOO_MANY_REQUESTS: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  TITLE_INTERNAL: { id: 'Kesalahan server', en: 'Server error' },
  // request-level
  VALIDATION_FAILED: {
    id: 'Data yang dikirim tidak valid ({count} masalah).',
    en: 'The request is invalid ({count} problems).',
  },
  IMPORT_INVALID: {
    id: 'Berkas impor ditolak: {count} masalah, tidak ada data yang disimpan.',
    en: 'Import rejected: {count} problems, nothing was saved.',
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
  ROUTE_NOT_FOUND: { id: 'Alamat tidak ditemukan.', en: 'No such route.' },
  CLOCK_BACKWARDS: {
    id: 'Jam lokal hanya bisa maju: sekarang {now}, {at} lebih awal.',
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
    id: 'Dokumen sudah diubah (versi sekarang {version}); muat ulang lalu coba lagi.',
    en: 'The document has changed (now version {version}); reload and retry.',
  },
  IF_MATCH_REQUIRED: {
    id: 'Header If-Match dengan ETag dokumen wajib dikirim.',
    en: 'Send the If-Match header with the document ETag.',
  },
  ILLEGAL_TRANSITION: {
    id: 'Tindakan {command} tidak dapat dilakukan pada SKP berstatus {status}.',
    en: '{command} is not possible on an SKP in status {status}.',
  },
  RHK_NOT_CASCADED: {
    id: '{count} RHK utama belum dikaitkan dengan RHK atasan (intervensi).',
    en: '{count} main RHK are not linked to a supervisor RHK yet.',
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
    id: 'NIP {nip} terdaftar di instansi lain ({agencyId}).',
    en: 'NIP {nip} belongs to another agency ({agencyId}).',
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
    en: 'The file has {rows} rows; at most {max}.',
  },
  CSV_HEADER: { id: 'Kepala kolom harus: {expected}.', en: 'The header must be: {expected}.' },
  EMPTY_FILE: { id: 'Berkas tidak berisi baris data.', en: 'The file has no data rows.' },
};

Object.assign(catalog, checkinMessages, workflowMessages, appraisalMessages, reportMessages, surveyMessages);

export function render(code: string, lang: Lang, params: Params = {}): string {
  const entry = catalog[code];
  const template = entry ? entry[lang] : code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export const hasMessage = (code: string) => code in catalog;

/** `Accept-Language: en-US,en;q=0.9` -> 'en'; anything else -> 'id'. First listed language wins. */
export function langFrom(acceptLanguage: string | undefined): Lang {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}
