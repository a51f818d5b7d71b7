/**
 * The public survey page, server-rendered: one small HTML document with its CSS inline, made for
 * a cheap phone on a slow connection. It works as a plain HTML form POST; a few lines of inline
 * script only stop a double tap from sending twice. The Content-Security-Policy allows nothing
 * but that style and that script, by their hashes (no 'unsafe-inline'), and forbids framing.
 *
 * Every value that comes from data is escaped (names of the agency, unit and employee, dates).
 * Comments are never rendered here or anywhere else as HTML.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Lang } from '../messages.ts';
import { render } from '../messages.ts';
import { fieldOf, type SurveyQuestion, surveyQuestions } from './content.ts';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

const css = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f6f8}main{max-width:34rem;margin:0 auto;padding:1rem 1rem 2rem;background:#fff;min-height:100vh}h1{font-size:1.35rem;line-height:1.25;margin:.4rem 0 .6rem}.top{display:flex;justify-content:space-between;align-items:center;font-size:.85rem;color:#444}.top a{color:#0a58a8;padding:.5rem 0 .5rem .5rem}.who{margin:0 0 1rem;color:#333}fieldset{border:0;margin:0;padding:.8rem 0 .5rem}legend{float:left;width:100%;padding:0;font-weight:600}legend span{display:block;font-weight:400;font-size:.9rem;color:#444}.scale{clear:both;display:grid;grid-template-columns:repeat(5,1fr);gap:.35rem;padding-top:.5rem}.scale input{position:absolute;opacity:0;width:1px;height:1px;margin:0}.scale label{display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:3.7rem;padding:.2rem;border:2px solid #79818c;border-radius:.55rem;font-size:.7rem;line-height:1.1;text-align:center;color:#333;cursor:pointer}.scale b{font-size:1.35rem;line-height:1.2}.scale input:checked+label{background:#0a58a8;border-color:#0a58a8;color:#fff}.scale input:focus-visible+label{outline:3px solid #e08a00;outline-offset:2px}label.c{display:block;font-weight:600;margin:1rem 0 .3rem}textarea{width:100%;font:inherit;padding:.55rem;border:2px solid #79818c;border-radius:.5rem}textarea:focus{outline:3px solid #e08a00;outline-offset:1px}.hint{font-size:.85rem;color:#444;margin:.3rem 0 0}button{display:block;width:100%;margin:1.3rem 0 .8rem;padding:.9rem;font:inherit;font-weight:700;color:#fff;background:#0a58a8;border:0;border-radius:.55rem;cursor:pointer}button:focus-visible{outline:3px solid #e08a00;outline-offset:2px}button:disabled{background:#5b7fa6}.note{font-size:.8rem;color:#555}.box{margin:1.5rem 0;padding:1rem;border-radius:.55rem;background:#eef4fb}ul{padding-left:1.2rem}`;

/** Stops a second tap while the first submission is on its way (the form works without it). */
const js = `document.querySelector('form').addEventListener('submit',function(e){var b=this.querySelector('button');if(b.disabled){e.preventDefault();return}b.disabled=true;b.textContent=b.getAttribute('data-sending')})`;

const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** The page's policy: its own style and script by hash; no other source, no framing. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src ${sha(css)}`,
  `script-src ${sha(js)}`,
  "img-src 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every public page is sent with. */
export const pageHeaders = (lang: Lang): Record<string, string> => ({
  'content-security-policy': contentSecurityPolicy,
  'cache-control': 'no-store',
  // The token is in the URL: it must not leave in a Referer or be indexed.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'content-language': lang,
});

interface Copy {
  title: string;
  heading: string;
  intro: string;
  servedBy: string;
  questions: Record<SurveyQuestion, [string, string]>;
  scale: [string, string, string, string, string];
  comment: string;
  commentHint: string;
  send: string;
  sending: string;
  privacy: string;
  validUntil: string;
  other: string;
  thanksTitle: string;
  thanks: string;
  back: string;
  problems: Record<string, [string, string]>;
}

const copy: Record<Lang, Copy> = {
  id: {
    title: 'Survei kepuasan layanan',
    heading: 'Bagaimana layanan yang Anda terima?',
    intro: 'Layanan',
    servedBy: 'Dilayani oleh',
    questions: {
      SPEED: ['Kecepatan layanan', 'Seberapa cepat Anda dilayani?'],
      CLARITY: ['Kejelasan informasi', 'Seberapa jelas informasi dan prosedur yang disampaikan?'],
      FRIENDLINESS: ['Keramahan petugas', 'Seberapa ramah dan sopan petugas melayani Anda?'],
    },
    scale: ['Sangat buruk', 'Buruk', 'Cukup', 'Baik', 'Sangat baik'],
    comment: 'Saran atau komentar (tidak wajib)',
    commentHint: 'Jangan tuliskan nama, nomor telepon, NIK atau data pribadi lain.',
    send: 'Kirim penilaian',
    sending: 'Mengirim…',
    privacy:
      'Survei ini tanpa nama: kami tidak meminta identitas atau kontak Anda. Tautan ini hanya dapat dipakai satu kali.',
    validUntil: 'Berlaku sampai',
    other: 'English',
    thanksTitle: 'Terima kasih!',
    thanks:
      'Penilaian Anda sudah kami terima dan membantu kami memperbaiki layanan. Halaman ini boleh ditutup.',
    back: 'Kembali ke survei',
    problems: {
      SURVEY_NOT_FOUND: [
        'Tautan tidak dikenali',
        'Periksa kembali tautan yang Anda buka, atau pindai ulang kode QR dari petugas.',
      ],
      SURVEY_EXPIRED: [
        'Tautan sudah kedaluwarsa',
        'Tautan survei ini berlaku sampai {validUntil}. Petugas dapat memberi Anda tautan baru.',
      ],
      SURVEY_ALREADY_ANSWERED: [
        'Survei sudah diisi',
        'Setiap tautan hanya dapat dipakai satu kali. Terima kasih atas penilaian Anda.',
      ],
      RATE_LIMITED: ['Terlalu banyak permintaan', 'Silakan coba lagi beberapa menit lagi.'],
      VALIDATION_FAILED: ['Penilaian belum lengkap', 'Pilih nilai 1 sampai 5 untuk setiap pertanyaan.'],
      INTERNAL: ['Terjadi gangguan', 'Maaf, penilaian belum dapat diproses. Silakan coba lagi.'],
    },
  },
  en: {
    title: 'Service satisfaction survey',
    heading: 'How was the service you received?',
    intro: 'Service',
    servedBy: 'Served by',
    questions: {
      SPEED: ['Speed of service', 'How quickly were you served?'],
      CLARITY: ['Clear information', 'How clear were the information and the procedure?'],
      FRIENDLINESS: ['Friendly staff', 'How friendly and courteous was the staff?'],
    },
    scale: ['Very poor', 'Poor', 'Fair', 'Good', 'Very good'],
    comment: 'Suggestion or comment (optional)',
    commentHint: 'Please do not write your name, phone number, ID number or other personal data.',
    send: 'Send rating',
    sending: 'Sending…',
    privacy:
      'This survey is anonymous: we do not ask who you are or how to reach you. This link can be used only once.',
    validUntil: 'Valid until',
    other: 'Bahasa Indonesia',
    thanksTitle: 'Thank you!',
    thanks: 'We received your rating; it helps us improve the service. You may close this page.',
    back: 'Back to the survey',
    problems: {
      SURVEY_NOT_FOUND: [
        'Link not recognised',
        'Check the link you opened, or scan the QR code from the staff again.',
      ],
      SURVEY_EXPIRED: [
        'This link has expired',
        'This survey link was valid until {validUntil}. The staff can give you a new one.',
      ],
      SURVEY_ALREADY_ANSWERED: [
        'Already answered',
        'Each link can be used only once. Thank you for your rating.',
      ],
      RATE_LIMITED: ['Too many requests', 'Please try again in a few minutes.'],
      VALIDATION_FAILED: ['The rating is incomplete', 'Choose a rating from 1 to 5 for every question.'],
      INTERNAL: ['Something went wrong', 'Sorry, your rating could not be processed. Please try again.'],
    },
  },
};

const zoneNames: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** `2027-02-22T01:00:00.000Z` in Asia/Makassar -> `22 Februari 2027 09.00 WITA`. */
export function localTime(iso: string, timeZone: string, lang: Lang): string {
  const t = DateTime.fromISO(iso, { zone: timeZone }).setLocale(lang === 'id' ? 'id' : 'en-GB');
  return `${t.toFormat(lang === 'id' ? 'd MMMM yyyy HH.mm' : 'd MMMM yyyy HH:mm')} ${zoneNames[timeZone] ?? timeZone}`;
}

function shell(lang: Lang, title: string, body: string, withScript = false): string {
  const other: Lang = lang === 'id' ? 'en' : 'id';
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><style>${css}</style></head><body><main>` +
    `<div class="top"><span>Siklus</span><a href="?lang=${other}" hreflang="${other}" lang="${other}">${copy[lang].other}</a></div>` +
    body +
    `</main>${withScript ? `<script>${js}</script>` : ''}</body></html>`
  );
}

export interface SurveyPageData {
  agencyName: string;
  unitName: string;
  employeeName: string | null;
  validUntil: string;
  timeZone: string;
}

/** The form: three 1..5 ratings and an optional comment, posted back to the same address. */
export function surveyFormPage(lang: Lang, data: SurveyPageData): string {
  const c = copy[lang];
  const fieldsets = surveyQuestions
    .map((q) => {
      const name = fieldOf[q];
      const [label, help] = c.questions[q];
      const options = c.scale
        .map((word, i) => {
          const id = `${name}-${i + 1}`;
          return `<input type="radio" id="${id}" name="${name}" value="${i + 1}" required><label for="${id}"><b>${i + 1}</b> ${word}</label>`;
        })
        .join('');
      return `<fieldset><legend>${label}<span>${help}</span></legend><div class="scale">${options}</div></fieldset>`;
    })
    .join('');
  const served = data.employeeName
    ? `<br>${c.servedBy}: <strong>${escapeHtml(data.employeeName)}</strong>`
    : '';
  const body =
    `<h1>${c.heading}</h1>` +
    `<p class="who">${c.intro}: <strong>${escapeHtml(data.unitName)}</strong>, ${escapeHtml(data.agencyName)}${served}</p>` +
    `<form method="post" action="?lang=${lang}">${fieldsets}` +
    `<label class="c" for="comment">${c.comment}</label>` +
    `<textarea id="comment" name="comment" rows="4" maxlength="1000" aria-describedby="hint"></textarea>` +
    `<p class="hint" id="hint">${c.commentHint}</p>` +
    `<button type="submit" data-sending="${c.sending}">${c.send}</button></form>` +
    `<p class="note">${c.privacy} ${c.validUntil} ${escapeHtml(localTime(data.validUntil, data.timeZone, lang))}.</p>`;
  return shell(lang, c.title, body, true);
}

export function thanksPage(lang: Lang, unitName: string): string {
  const c = copy[lang];
  return shell(
    lang,
    c.thanksTitle,
    `<div class="box" role="status"><h1>${c.thanksTitle}</h1><p>${c.thanks}</p><p><strong>${escapeHtml(unitName)}</strong></p></div>`,
  );
}

/**
 * A friendly page for a refused request: unknown, expired or used link, too many requests, an
 * incomplete form (with what is missing), or a failure.
 */
export function problemPage(
  lang: Lang,
  code: string,
  params: Record<string, string | number> = {},
  issues: readonly {
    path: string;
    code: string;
    message?: string;
    params?: Record<string, string | number>;
  }[] = [],
): string {
  const c = copy[lang];
  const [title, text] = c.problems[code] ?? [render(code, lang, params), ''];
  const validUntil =
    typeof params.validUntil === 'string' && typeof params.timeZone === 'string'
      ? localTime(params.validUntil, params.timeZone, lang)
      : '';
  const list = issues.length
    ? `<ul>${issues
        .map((i) => {
          const q = surveyQuestions.find((x) => fieldOf[x] === i.path);
          const field = q ? c.questions[q][0] : i.path === 'comment' ? c.comment : i.path;
          const why = i.message ?? render(i.code, lang, i.params);
          return `<li>${escapeHtml(field)}: ${escapeHtml(why)}</li>`;
        })
        .join('')}</ul><p><a href="?lang=${lang}">${c.back}</a></p>`
    : '';
  return shell(
    lang,
    title,
    `<div class="box" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text.replace('{validUntil}', validUntil))}</p>${list}</div>`,
  );
}
