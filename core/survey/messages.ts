/** Message catalog entries of the service-feedback surveys (merged into core/messages.ts). */
export const surveyMessages: Record<string, { id: string; en: string }> = {
  SURVEY_NOT_FOUND: {
    id: 'Tautan survei tidak dikenali.',
    en: 'This survey link is not recognised.',
  },
  SURVEY_EXPIRED: {
    id: 'Tautan survei ini sudah kedaluwarsa (berlaku sampai {validUntil}).',
    en: 'This survey link has expired (it was valid until {validUntil}).',
  },
  SURVEY_ALREADY_ANSWERED: {
    id: 'Survei ini sudah diisi; setiap tautan hanya dapat dipakai satu kali.',
    en: 'This survey has already been answered; each link can be used only once.',
  },
  SURVEY_UNIT_STAFF_ONLY: {
    id: 'Tautan survei untuk unit {unitId} hanya dapat dibuat oleh pegawai unit itu atau pengelola kinerja (HR).',
    en: 'Survey links for unit {unitId} can only be issued by its staff or by HR.',
  },
  SURVEY_UNIT_NOT_FOUND: {
    id: 'Unit {unitId} tidak ditemukan di instansi ini.',
    en: 'Unit {unitId} not found in this agency.',
  },
  SURVEY_EMPLOYEE_NOT_IN_UNIT: {
    id: 'Pegawai dengan NIP {nip} tidak terdaftar di unit ini.',
    en: 'No employee with NIP {nip} in this unit.',
  },
  SURVEY_FEEDBACK_HEAD_ONLY: {
    id: 'Umpan balik layanan unit {unitId} hanya dapat dilihat oleh kepala unit dan pengelola kinerja (HR).',
    en: "Unit {unitId}'s service feedback is for the unit head and HR only.",
  },
  SURVEY_RATING: { id: 'Pilih nilai 1 sampai 5.', en: 'Choose a rating from 1 to 5.' },
  SURVEY_PERIOD_FORMAT: {
    id: 'Periode harus Q1–Q4, M01–M12 atau ANNUAL (tahunan).',
    en: 'The period must be Q1–Q4, M01–M12 or ANNUAL.',
  },
  SURVEY_COMMENT_PERIOD_FORMAT: {
    id: 'Periode komentar harus Q1–Q4 atau M01–M12.',
    en: 'The period of comments must be Q1–Q4 or M01–M12.',
  },
  RATE_LIMITED: {
    id: 'Terlalu banyak permintaan; coba lagi dalam {retryAfter} detik.',
    en: 'Too many requests; try again in {retryAfter} seconds.',
  },
};
