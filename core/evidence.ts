/**
 * Evidence (bukti dukung): what may be uploaded, under which key, and whether an uploaded object
 * is what was declared. Pure: the S3 adapter presigns and reads, the rules live here.
 */
import * as z from 'zod';
import { evidenceRules } from '#config/checkin.ts';
import { type FieldIssue, validationFailed } from './errors.ts';

export const evidenceIdPattern = /^[a-z0-9]{10,16}$/;

export const evidenceInput = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1, 'REQUIRED')
      .max(200, 'TOO_LONG')
      .meta({ example: 'Laporan kegiatan Q1.pdf' }),
    contentType: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'REQUIRED')
      .max(200, 'TOO_LONG')
      .meta({ example: 'application/pdf' }),
    size: z.number().int().meta({ description: 'Bytes; at most 20 MB by default.', example: 482133 }),
  })
  .strict()
  .meta({ id: 'EvidenceInput' });
export type EvidenceInput = z.infer<typeof evidenceInput>;

export interface Declared {
  fileName: string;
  contentType: string;
  size: number;
}

const extensionsOf = (name: string) =>
  name
    .toLowerCase()
    .split('.')
    .slice(1)
    .map((e) => e.trim());

/**
 * A name safe in an S3 key and a Content-Disposition header: ASCII letters, digits, `.`, `_`
 * and `-` only (diacritics folded, everything else a hyphen), at most 100 characters, the
 * extension kept.
 */
export function safeFileName(name: string): string {
  const folded = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const base = folded.split(/[\\/]/).pop() ?? '';
  const clean = (part: string) =>
    part
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
  const dot = base.lastIndexOf('.');
  const ext =
    dot >= 0
      ? clean(base.slice(dot + 1))
          .replace(/[^A-Za-z0-9]/g, '')
          .toLowerCase()
      : '';
  const suffix = ext ? `.${ext}` : '';
  const stem = clean(dot >= 0 ? base.slice(0, dot) : base)
    .slice(0, 100 - suffix.length)
    .replace(/[-.]+$/, '');
  return `${stem || 'berkas'}${suffix}`;
}

/**
 * Refuses, before any URL is issued: executables (by any extension of the name), types outside
 * the allowlist, a name whose extension does not fit the type, an empty or too large file.
 */
export function validateEvidence(input: EvidenceInput): Declared {
  const issues: FieldIssue[] = [];
  const exts = extensionsOf(input.fileName);
  const last = exts.at(-1);
  const allowed = evidenceRules.allowedTypes[input.contentType];
  if (exts.some((e) => (evidenceRules.executableExtensions as readonly string[]).includes(e))) {
    issues.push({ path: 'fileName', code: 'EVIDENCE_EXECUTABLE' });
  } else if (!allowed) {
    issues.push({
      path: 'contentType',
      code: 'EVIDENCE_TYPE_NOT_ALLOWED',
      params: { contentType: input.contentType },
    });
  } else if (!last || !allowed.includes(last)) {
    issues.push({
      path: 'fileName',
      code: 'EVIDENCE_EXTENSION_MISMATCH',
      params: { expected: allowed.map((e) => `.${e}`).join(', ') },
    });
  }
  if (input.size < 1) issues.push({ path: 'size', code: 'EVIDENCE_EMPTY' });
  else if (input.size > evidenceRules.maxBytes) {
    issues.push({
      path: 'size',
      code: 'EVIDENCE_TOO_LARGE',
      params: { maxMb: Math.floor(evidenceRules.maxBytes / (1024 * 1024)) },
    });
  }
  if (issues.length) throw validationFailed(issues);
  return { fileName: safeFileName(input.fileName), contentType: input.contentType, size: input.size };
}

/** Keys are per agency and SKP: `evidence/<agencyId>/<skpId>/<evidenceId>/<safe file name>`. */
export const evidenceKey = (agencyId: string, skpId: string, evidenceId: string, safeName: string) =>
  `evidence/${agencyId}/${skpId}/${evidenceId}/${safeName}`;

// ---- what was uploaded ------------------------------------------------------------------------

export type Sniffed = 'PDF' | 'PNG' | 'JPEG' | 'WEBP' | 'ZIP' | 'EXECUTABLE' | 'UNKNOWN';

/** The kind of file from its first bytes (magic numbers). */
export function sniff(head: Uint8Array): Sniffed {
  const at = (i: number) => head[i] ?? -1;
  const ascii = (from: number, text: string) => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (ascii(0, '%PDF-')) return 'PDF';
  if (at(0) === 0x89 && ascii(1, 'PNG')) return 'PNG';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'JPEG';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'WEBP';
  // docx/xlsx/pptx and odt/ods are ZIP containers.
  if (at(0) === 0x50 && at(1) === 0x4b && at(2) === 0x03 && at(3) === 0x04) return 'ZIP';
  // Windows PE, ELF, Mach-O, shebang scripts.
  if (ascii(0, 'MZ') || (at(0) === 0x7f && ascii(1, 'ELF')) || ascii(0, '#!')) return 'EXECUTABLE';
  if (
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(
      ((at(0) << 24) | (at(1) << 16) | (at(2) << 8) | at(3)) >>> 0,
    )
  ) {
    return 'EXECUTABLE';
  }
  return 'UNKNOWN';
}

const expectedKind = (contentType: string): Sniffed => {
  if (contentType === 'application/pdf') return 'PDF';
  if (contentType === 'image/png') return 'PNG';
  if (contentType === 'image/jpeg') return 'JPEG';
  if (contentType === 'image/webp') return 'WEBP';
  return 'ZIP';
};

/** What the store saw of an uploaded object (undefined: nothing at the key). */
export interface Observed {
  /** The object version that was checked (versioned bucket): downloads are pinned to it. */
  versionId?: string;
  size: number;
  contentType: string | undefined;
  head: Uint8Array;
}

/**
 * Whether the uploaded object is the declared file: there, of the declared size and type, and
 * its first bytes are of that type (so an executable renamed `.pdf` is refused). Returns the
 * catalog code and params of the first problem, or undefined when it matches.
 */
export function checkUploaded(
  declared: Declared,
  observed: Observed | undefined,
): { code: string; params?: Record<string, string | number> } | undefined {
  if (!observed) return { code: 'EVIDENCE_NOT_UPLOADED' };
  if (observed.size !== declared.size)
    return { code: 'EVIDENCE_SIZE_MISMATCH', params: { declared: declared.size, actual: observed.size } };
  const type = observed.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== declared.contentType)
    return {
      code: 'EVIDENCE_TYPE_MISMATCH',
      params: { declared: declared.contentType, actual: type ?? '-' },
    };
  const kind = sniff(observed.head);
  if (kind === 'EXECUTABLE') return { code: 'EVIDENCE_EXECUTABLE' };
  if (kind !== expectedKind(declared.contentType))
    return { code: 'EVIDENCE_CONTENT_MISMATCH', params: { declared: declared.contentType } };
  return undefined;
}

/** Bytes to read from the start of an object to sniff it. */
export const sniffBytes = 16;
