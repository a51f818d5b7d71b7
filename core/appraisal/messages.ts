/** Message catalog entries of the appraisal capability (merged into core/messages.ts). */
export const appraisalMessages: Record<string, { id: string; en: string }> = {
  EVALUATION_NOT_FOUND: {
    id: 'Evaluasi SKP {skpId} periode {period} tidak ditemukan (evaluasi dibuka setelah periode berakhir).',
    en: 'Evaluation of SKP {skpId} for period {period} not found (evaluations open once the period is over).',
  },
  EVALUATION_APPRAISER_ONLY: {
    id: 'Hanya pejabat penilai kinerja yang dapat menilai dan menetapkan evaluasi ini.',
    en: 'Only the appraiser can rate and finalize this evaluation.',
  },
  EVALUATION_ILLEGAL_TRANSITION: {
    id: 'Evaluasi berstatus {status} tidak dapat menerima tindakan {command}; evaluasi final hanya berubah melalui keberatan.',
    en: 'An evaluation in status {status} cannot take {command}; a final evaluation changes only through an appeal.',
  },
  EVALUATION_NOT_OPEN_YET: {
    id: 'Penilaian baru dapat dilakukan setelah periode berakhir ({opensAt}).',
    en: 'Rating opens once the period is over ({opensAt}).',
  },
  HASIL_KERJA_FROM_UNIT_RESULT: {
    id: 'Pegawai ini memimpin unit kerja: rating hasil kerjanya mengikuti hasil kinerja organisasi {result}, yaitu {rating}.',
    en: 'This employee heads the unit: their hasil kerja follows the organisation result {result}, which is {rating}.',
  },
  DECISION_REF_REQUIRED: {
    id: 'Pengelola kinerja mencatat atas nama pejabat di luar struktur: sebutkan nomor keputusan yang ditandatangani.',
    en: 'HR records on behalf of an official outside the org chart: give the signed decision reference.',
  },
  DECISION_REF_ON_BEHALF_ONLY: {
    id: 'Nomor keputusan hanya dicatat oleh pengelola kinerja atas nama pejabat di luar struktur.',
    en: 'A decision reference is recorded only by HR on behalf of an official outside the org chart.',
  },
  UNIT_RESULT_NOT_OPEN: {
    id: 'Hasil kinerja organisasi unit {unitId} untuk periode {period} belum dibuka (dibuka bersama evaluasi periode).',
    en: "The organisation result of unit {unitId} for {period} is not open yet (it opens with the period's evaluations).",
  },
  UNIT_RESULT_NOT_SET: {
    id: 'Hasil kinerja organisasi unit {unitId} untuk periode {period} belum ditetapkan oleh pimpinan di atasnya.',
    en: 'The organisation result of unit {unitId} for {period} has not been set by the leader above yet.',
  },
  UNIT_RESULT_CHANGED: {
    id: 'Hasil kinerja organisasi unit berubah saat penilaian disimpan; muat ulang dan nilai kembali.',
    en: "The unit's organisation result changed while rating; reload and rate again.",
  },
  DISTRIBUTION_CHANGED: {
    id: 'Distribusi predikat unit berubah (penilaian lain tersimpan); muat ulang lalu tetapkan kembali.',
    en: "The unit's distribution changed (another rating was saved); reload and finalize again.",
  },
  CURVE_BREACH_UNCONFIRMED: {
    id: 'Distribusi predikat unit tidak sesuai pola hasil kinerja organisasi {result} ({breaches}). Untuk tetap menetapkan, kirim confirmBreach: true dengan alasan.',
    en: "The unit's predikat distribution breaks the pattern of organisation result {result} ({breaches}). To finalize anyway, send confirmBreach: true with a reason.",
  },
  CURVE_BREACH_CONFIRM: {
    id: 'Konfirmasi bahwa penilaian tetap ditetapkan meskipun tidak sesuai pola.',
    en: 'Confirm that the rating stands although it breaks the pattern.',
  },
  PENETAPAN_SIGNED: {
    id: 'Penetapan predikat unit sudah ditandatangani; penilaian tidak dapat diubah lagi.',
    en: "The unit's penetapan predikat is signed; ratings cannot change any more.",
  },
  APPRAISER_IS_SELF: {
    id: 'Pengelola kinerja tidak menilai: tunjuk pejabat penilai lain, bukan diri sendiri.',
    en: 'HR does not rate: name another appraiser, not yourself.',
  },
  HEAD_RATING_STALE: {
    id: 'Hasil kinerja organisasi unit berubah dari {rated} menjadi {result} sejak pimpinan unit ini dinilai; nilai kembali sebelum menetapkan.',
    en: "The unit's organisation result changed from {rated} to {result} since this head was rated; rate again before finalizing.",
  },
  APPRAISER_IS_OWNER: {
    id: 'Pegawai tidak dapat menjadi pejabat penilai atas dirinya sendiri.',
    en: 'An employee cannot appraise themselves.',
  },
  UNKNOWN_EMPLOYEE: {
    id: 'Pegawai {nip} tidak ditemukan di instansi ini.',
    en: 'Employee {nip} not found in this agency.',
  },
  UNIT_RESULT_NOT_FOUND: {
    id: 'Hasil kinerja organisasi unit {unitId} periode {period} tidak ditemukan.',
    en: 'Organisation result of unit {unitId} for {period} not found.',
  },
  UNIT_RESULT_LEADER_ONLY: {
    id: 'Hanya pimpinan satu tingkat di atas kepala unit yang menetapkan hasil kinerja organisasi dan menandatangani penetapan predikat.',
    en: "Only the leader one level above the unit's head sets the organisation result and signs the penetapan.",
  },
  UNIT_RESULT_ILLEGAL_TRANSITION: {
    id: 'Hasil kinerja organisasi berstatus {status} tidak dapat menerima tindakan {command}.',
    en: 'An organisation result in status {status} cannot take {command}.',
  },
  UNIT_RESULT_LOCKED: {
    id: 'Hasil kinerja organisasi tidak dapat diubah: {final} penilaian di unit ini sudah final.',
    en: 'The organisation result cannot change: {final} ratings of the unit are final.',
  },
  PENETAPAN_NOT_READY: {
    id: 'Penetapan predikat menunggu semua evaluasi unit final ({final} dari {evaluations}).',
    en: "The penetapan waits for all of the unit's evaluations to be final ({final} of {evaluations}).",
  },
  PERIOD_FORMAT: {
    id: 'Periode harus Q1..Q4, M01..M12 atau ANNUAL.',
    en: 'The period must be Q1..Q4, M01..M12 or ANNUAL.',
  },
  EKSPEKTASI_APPRAISER_ONLY: {
    id: 'Ekspektasi khusus pimpinan ditulis oleh pejabat penilai (PUT /v1/skp/…/expectations), bukan oleh pemilik SKP.',
    en: 'The ekspektasi khusus pimpinan is written by the appraiser (PUT /v1/skp/…/expectations), not the owner.',
  },
  PERIOD_TARGET_KIND: {
    id: 'Target periode harus sejenis dengan target tahunan (angka dengan satuan, atau uraian).',
    en: 'A period target is of the same kind as the annual target (a number with a unit, or a description).',
  },
};
