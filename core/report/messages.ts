/** Message catalog entries of the reports (merged into core/messages.ts). */
export const reportMessages: Record<string, { id: string; en: string }> = {
  REPORT_NOT_FOUND: { id: 'Laporan {reportId} tidak ditemukan.', en: 'Report {reportId} not found.' },
  REPORT_HR_OR_UNIT_HEAD: {
    id: 'Laporan hanya untuk pengelola kinerja instansi dan kepala unit kerja (untuk unitnya sendiri).',
    en: "Reports are for the agency's HR and for unit heads (their own unit).",
  },
  REPORT_UNIT_HEAD_OWN_UNIT: {
    id: 'Sebagai kepala unit, minta laporan unit Anda sendiri (unitId: {unitId}).',
    en: 'As a unit head, ask for the report of your own unit (unitId: {unitId}).',
  },
  REPORT_OTHER_UNIT: {
    id: 'Anda hanya dapat meminta laporan unit kerja yang Anda pimpin, bukan unit {unitId}.',
    en: 'You may only ask for the report of the unit you head, not of {unitId}.',
  },
  REPORT_FORMATS_REPEATED: {
    id: 'Setiap format (CSV, XLSX, PDF) cukup disebut sekali.',
    en: 'Name each format (CSV, XLSX, PDF) once.',
  },
  REPORT_PERIOD_NOT_IN_CYCLE: {
    id: 'Periode {period} tidak ada dalam siklus {year} instansi ini (periode: {periods}).',
    en: "Period {period} is not in this agency's {year} cycle (periods: {periods}).",
  },
  REPORT_NO_CYCLE: {
    id: 'Siklus {year} belum dibuka: belum ada yang dapat dilaporkan.',
    en: 'The {year} cycle is not open: there is nothing to report yet.',
  },
  REPORT_UNKNOWN_UNIT: {
    id: 'Unit kerja {unitId} tidak ada di instansi ini.',
    en: 'Unit {unitId} does not exist in this agency.',
  },
  REPORT_NOT_READY: {
    id: 'Laporan {reportId} berstatus {status}; tautan unduhan tersedia setelah READY.',
    en: 'Report {reportId} is {status}; download links come once it is READY.',
  },
  REPORT_GENERATION_FAILED: {
    id: 'Pembuatan laporan gagal: {reason}',
    en: 'The report could not be produced: {reason}',
  },
};
