/** Message catalog entries of the checkin capability (merged into core/messages.ts). */
export const checkinMessages: Record<string, { id: string; en: string }> = {
  // check-ins
  CHECKIN_NOT_FOUND: {
    id: 'Check-in SKP {skpId} periode {period} tidak ditemukan.',
    en: 'Check-in of SKP {skpId} for period {period} not found.',
  },
  CHECKIN_OWNER_ONLY: {
    id: 'Hanya pemilik SKP yang dapat mengisi realisasi, penilaian diri dan mengirim check-in.',
    en: 'Only the SKP owner can record realisasi, the self-assessment and submit the check-in.',
  },
  CHECKIN_APPRAISER_ONLY: {
    id: 'Hanya pejabat penilai kinerja (atasan langsung) yang dapat melakukan ini.',
    en: 'Only the appraiser (direct supervisor) can do this.',
  },
  CHECKIN_PARTICIPANT_ONLY: {
    id: 'Hanya pegawai dan pejabat penilainya yang dapat mencatat dialog kinerja.',
    en: 'Only the employee and their appraiser can record a performance dialog.',
  },
  CHECKIN_ILLEGAL_TRANSITION: {
    id: 'Tindakan {command} tidak dapat dilakukan pada check-in yang berstatus {status}.',
    en: '{command} is not possible on a check-in that is {status}.',
  },
  CHECKIN_NOT_OPEN_YET: {
    id: 'Check-in periode ini baru dibuka pada {opensAt}.',
    en: "This period's check-in opens at {opensAt}.",
  },
  CHECKIN_WINDOW_CLOSED: {
    id: 'Check-in periode ini sudah ditutup pada {closesAt}.',
    en: "This period's check-in closed at {closesAt}.",
  },
  CHECKIN_NO_APPRAISER: {
    id: 'Pegawai ini tidak memiliki pejabat penilai di instansi, sehingga check-in tidak dapat dikirim untuk ditinjau.',
    en: 'This employee has no appraiser in the agency, so the check-in cannot be submitted for review.',
  },
  CHECKIN_TOO_MANY_DIALOGS: {
    id: 'Check-in ini sudah memuat {max} dialog kinerja (batas maksimal).',
    en: 'This check-in already holds {max} dialogs (the maximum).',
  },
  CHECKIN_TOO_LARGE: {
    id: 'Isi check-in terlalu besar untuk disimpan; persingkat uraian atau catatan.',
    en: 'The check-in is too large to store; shorten descriptions or notes.',
  },
  REALISASI_INCOMPLETE: {
    id: 'Realisasi belum diisi untuk {missing} indikator.',
    en: 'Realisasi is missing for {missing:indicator|indicators}.',
  },
  SKP_NOT_APPROVED: {
    id: 'SKP {skpId} belum pernah disetujui, sehingga belum ada target untuk realisasi.',
    en: 'SKP {skpId} has never been approved, so there are no targets to report against yet.',
  },
  EVIDENCE_NOT_VERIFIED: {
    id: 'Berkas bukti {evidenceId} belum diperiksa (diperiksa saat pertama kali ditautkan ke realisasi), sehingga belum dapat diunduh.',
    en: 'Evidence {evidenceId} has not been checked yet (it is checked when a realisasi first links it), so it cannot be downloaded.',
  },
  PERIOD_OUTSIDE_SKP: {
    id: 'Periode {period} berada di luar bulan SKP ini (bulan {startMonth} sampai {endMonth}).',
    en: 'Period {period} is outside the months of this SKP (months {startMonth} to {endMonth}).',
  },
  // field issues
  UNKNOWN_INDICATOR: {
    id: 'Indikator {indicatorId} tidak ada dalam SKP yang disetujui.',
    en: 'Indicator {indicatorId} is not in the approved SKP.',
  },
  INDICATOR_ID_FORMAT: {
    id: 'indicatorId hanya huruf kecil dan angka (4–12 karakter).',
    en: 'indicatorId is lowercase letters and digits (4–12 characters).',
  },
  REALISASI_EMPTY: {
    id: 'Isi nilai (value) atau uraian (description) realisasi.',
    en: 'Give a value or a description.',
  },
  FEEDBACK_EMPTY: {
    id: 'Isi umpan balik umum, per indikator, per RHK, atau per nilai BerAKHLAK.',
    en: 'Give general feedback, or feedback per indicator, per RHK or per BerAKHLAK value.',
  },
  RHK_NOT_IN_CHECKIN: {
    id: 'RHK {rhkId} tidak ada dalam SKP yang disetujui.',
    en: 'RHK {rhkId} is not in the approved SKP.',
  },
  DATE_IN_FUTURE: { id: 'Tanggal tidak boleh di masa depan.', en: 'The date cannot be in the future.' },
  DATE_BEFORE_PERIOD: {
    id: 'Tanggal tidak boleh sebelum awal periode ({from}).',
    en: 'The date cannot be before the period starts ({from}).',
  },
  // evidence
  EVIDENCE_EXECUTABLE: {
    id: 'Berkas yang dapat dijalankan (program atau skrip) tidak diterima sebagai bukti dukung.',
    en: 'Executable files (programs or scripts) are not accepted as evidence.',
  },
  EVIDENCE_TYPE_NOT_ALLOWED: {
    id: 'Jenis berkas {contentType} tidak diterima; gunakan PDF, gambar (PNG, JPEG, WebP) atau dokumen perkantoran (docx, xlsx, pptx, odt, ods).',
    en: 'File type {contentType} is not accepted; use PDF, images (PNG, JPEG, WebP) or office documents (docx, xlsx, pptx, odt, ods).',
  },
  EVIDENCE_EXTENSION_MISMATCH: {
    id: 'Ekstensi nama berkas tidak sesuai jenisnya; yang sesuai: {expected}.',
    en: 'The file name extension does not match its type; expected {expected}.',
  },
  EVIDENCE_EMPTY: { id: 'Berkas kosong.', en: 'The file is empty.' },
  EVIDENCE_TOO_LARGE: {
    id: 'Berkas lebih besar dari batas {maxMb} MB.',
    en: 'The file is larger than the {maxMb} MB limit.',
  },
  EVIDENCE_NOT_FOUND: {
    id: 'Bukti dukung {evidenceId} tidak ditemukan pada SKP ini.',
    en: 'Evidence {evidenceId} not found on this SKP.',
  },
  EVIDENCE_NOT_UPLOADED: {
    id: 'Berkas bukti dukung belum diunggah.',
    en: 'The evidence file has not been uploaded.',
  },
  EVIDENCE_SIZE_MISMATCH: {
    id: 'Ukuran berkas yang diunggah ({actual} bita) tidak sama dengan yang dinyatakan ({declared} bita).',
    en: 'The uploaded file has {actual} bytes, not the declared {declared}.',
  },
  EVIDENCE_TYPE_MISMATCH: {
    id: 'Jenis berkas yang diunggah ({actual}) tidak sama dengan yang dinyatakan ({declared}).',
    en: 'The uploaded file is {actual}, not the declared {declared}.',
  },
  EVIDENCE_CONTENT_MISMATCH: {
    id: 'Isi berkas yang diunggah bukan {declared}.',
    en: "The uploaded file's content is not {declared}.",
  },
  EVIDENCE_ID_FORMAT: { id: 'evidenceId tidak valid.', en: 'Invalid evidenceId.' },
  EVIDENCE_TOO_MANY: {
    id: 'Satu penyimpanan realisasi dapat mengaitkan paling banyak {max} bukti dukung.',
    en: 'One realisasi save can link at most {max} evidence files.',
  },
  // peer input
  PEER_NOT_IN_AGENCY: {
    id: 'Pegawai dengan NIP {nip} tidak terdaftar di instansi ini.',
    en: 'No employee with NIP {nip} in this agency.',
  },
  PEER_IS_OWNER: {
    id: 'Pegawai yang dinilai tidak dapat menjadi rekan kerja penilai.',
    en: 'The employee being assessed cannot be their own peer.',
  },
  PEER_IS_APPRAISER: {
    id: 'Pejabat penilai tidak meminta masukan dari dirinya sendiri.',
    en: 'The appraiser does not ask themselves for peer input.',
  },
  PEER_ALREADY_REQUESTED: {
    id: 'Masukan dari NIP {nip} untuk periode ini sudah diminta.',
    en: 'Input from NIP {nip} was already requested for this period.',
  },
  PEER_REQUEST_NOT_FOUND: {
    id: 'Tidak ada permintaan masukan untuk Anda pada SKP {skpId} periode {period}.',
    en: 'No input was requested from you on SKP {skpId} for period {period}.',
  },
  PEER_VALUE_EMPTY: {
    id: 'Isi penilaian (rating) atau uraian (text) untuk nilai ini.',
    en: 'Give a rating or a text for this value.',
  },
};
