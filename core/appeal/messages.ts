/** Message catalog entries of appeals, follow-up and the agency policy (merged into core/messages.ts). */
export const appealMessages: Record<string, { id: string; en: string }> = {
  APPEAL_NOT_FOUND: {
    id: 'Keberatan atas evaluasi SKP {skpId} periode {period} tidak ditemukan.',
    en: 'No appeal against the evaluation of SKP {skpId} for {period} was found.',
  },
  APPEAL_OWNER_ONLY: {
    id: 'Keberatan hanya dapat diajukan oleh pegawai yang dinilai.',
    en: 'Only the employee rated can file an appeal.',
  },
  APPEAL_NOT_FINAL: {
    id: 'Keberatan hanya dapat diajukan atas hasil evaluasi yang sudah final (status saat ini {status}).',
    en: 'An appeal can be filed only against a final evaluation (it is {status}).',
  },
  APPEAL_EXISTS: {
    id: 'Keberatan atas hasil evaluasi ini sudah diajukan; keberatan hanya dapat diajukan satu kali.',
    en: 'An appeal against this evaluation has already been filed; an evaluation is appealed once.',
  },
  APPEAL_WINDOW_CLOSED: {
    id: 'Batas waktu pengajuan keberatan sudah lewat: hasil diterima {deliveredAt}, keberatan paling lambat {until}.',
    en: 'The time to appeal is over: the result was delivered {deliveredAt}, appeals closed {until}.',
  },
  APPEAL_APPRAISER_ONLY: {
    id: 'Tanggapan atas keberatan diberikan oleh pejabat penilai kinerja.',
    en: 'The response to an appeal is given by the appraiser.',
  },
  APPEAL_DECIDER_ONLY: {
    id: 'Keberatan diputuskan oleh atasan pejabat penilai kinerja (pengelola kinerja hanya atas nama pejabat di luar struktur); pejabat penilai tidak dapat memutuskan.',
    en: "An appeal is decided by the appraiser's supervisor (HR only on behalf of an official outside the org chart); the appraiser cannot decide.",
  },
  APPEAL_ILLEGAL_TRANSITION: {
    id: 'Keberatan berstatus {status} tidak dapat menerima tindakan {command}; keputusan atas keberatan bersifat final.',
    en: 'An appeal in status {status} cannot take {command}; the decision on an appeal is final.',
  },
  APPEAL_AWAITING_RESPONSE: {
    id: 'Keberatan belum dapat diputuskan: tanggapan pejabat penilai ditunggu sampai {respondBy}.',
    en: "The appeal cannot be decided yet: the appraiser's response is awaited until {respondBy}.",
  },
  APPEAL_RATING_ONLY_IF_CHANGED: {
    id: 'Rating baru hanya dikirim bila keberatan dikabulkan (outcome CHANGED).',
    en: 'New ratings are sent only when the outcome is CHANGED.',
  },
  APPEAL_CHANGE_NEEDS_RATING: {
    id: 'Keputusan CHANGED memerlukan rating hasil kerja dan/atau perilaku kerja yang baru.',
    en: 'A CHANGED decision needs a new hasil kerja and/or perilaku kerja rating.',
  },
  APPEAL_CHANGE_CHANGES_NOTHING: {
    id: 'Rating yang dikirim sama dengan hasil semula; gunakan outcome UPHELD untuk menguatkan hasil.',
    en: 'The ratings sent are the original ones; use outcome UPHELD to uphold the result.',
  },
  APPEAL_HASIL_KERJA_FROM_UNIT: {
    id: 'Pegawai ini memimpin unit kerja: rating hasil kerjanya mengikuti hasil kinerja organisasi dan tidak diubah melalui keberatan.',
    en: 'This employee heads the unit: their hasil kerja follows the organisation result and is not changed by an appeal.',
  },
  APPEAL_EVALUATION_CHANGED: {
    id: 'Evaluasi berubah saat keputusan disimpan; muat ulang lalu putuskan kembali.',
    en: 'The evaluation changed while the decision was saved; reload and decide again.',
  },
  FOLLOW_UP_NOT_FOUND: {
    id: 'Tindak lanjut atas evaluasi SKP {skpId} periode {period} tidak ada (hanya untuk predikat rendah atau Sangat Baik).',
    en: 'No follow-up of the evaluation of SKP {skpId} for {period} (only low predikat and Sangat Baik have one).',
  },
  FOLLOW_UP_APPRAISER_ONLY: {
    id: 'Rencana pengembangan disusun dan dicatat oleh pejabat penilai kinerja.',
    en: 'The development plan is drawn up and recorded by the appraiser.',
  },
  FOLLOW_UP_ILLEGAL_TRANSITION: {
    id: 'Tindak lanjut berstatus {status} tidak dapat menerima tindakan {command}.',
    en: 'A follow-up in status {status} cannot take {command}.',
  },
  TARGET_DATE_OUT_OF_RANGE: {
    id: 'Tanggal target harus antara {from} dan {to}.',
    en: 'The target date must be between {from} and {to}.',
  },
  POLICY_VERSION_REQUIRED: {
    id: 'Header If-Match wajib: ETag kebijakan yang Anda lihat (GET kebijakan; bawaan: versi 0).',
    en: 'If-Match is required: the ETag of the policy you saw (GET the policy; the defaults are version 0).',
  },
};
