/**
 * core/evidence.ts: which files may be declared (before any URL is issued), their safe names and
 * keys, and whether an uploaded object is the file that was declared.
 */
import { describe, expect, it } from 'vitest';
import { evidenceRules } from '#config/checkin.ts';
import { DomainError } from '#core/errors.ts';
import {
  checkUploaded,
  evidenceInput,
  evidenceKey,
  type Observed,
  safeFileName,
  sniff,
  validateEvidence,
} from '#core/evidence.ts';

const MB = 1024 * 1024;
const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.issues.map((i) => [i.path, i.code]);
    throw err;
  }
  return [];
};

describe('validateEvidence', () => {
  const allowed: [string, string][] = [
    ['laporan.pdf', 'application/pdf'],
    ['LAPORAN.PDF', 'application/pdf'],
    ['foto.png', 'image/png'],
    ['foto.jpg', 'image/jpeg'],
    ['foto.jpeg', 'image/jpeg'],
    ['foto.webp', 'image/webp'],
    ['notulen.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['data.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['paparan.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['notulen.odt', 'application/vnd.oasis.opendocument.text'],
    ['data.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ];

  it.each(allowed)('accepts %s as %s', (fileName, contentType) => {
    expect(validateEvidence({ fileName, contentType, size: 1000 })).toEqual({
      fileName: safeFileName(fileName),
      contentType,
      size: 1000,
    });
  });

  it('covers exactly the allowed types of the config', () => {
    expect(new Set(allowed.map(([, t]) => t))).toEqual(new Set(Object.keys(evidenceRules.allowedTypes)));
  });

  it.each(evidenceRules.executableExtensions.map((e) => [e]))(
    'refuses .%s as executable, whatever type is declared',
    (ext) => {
      expect(
        issuesOf(() =>
          validateEvidence({ fileName: `berkas.${ext}`, contentType: 'application/pdf', size: 10 }),
        ),
      ).toEqual([['fileName', 'EVIDENCE_EXECUTABLE']]);
    },
  );

  it('refuses an executable hiding behind or in front of a document extension', () => {
    for (const fileName of ['laporan.pdf.exe', 'laporan.exe.pdf', 'foto.png.JS', 'x.Bat']) {
      expect(
        issuesOf(() => validateEvidence({ fileName, contentType: 'application/pdf', size: 10 })),
        fileName,
      ).toEqual([['fileName', 'EVIDENCE_EXECUTABLE']]);
    }
  });

  it('refuses types outside the allowlist, and names that do not fit their type', () => {
    for (const contentType of [
      'application/zip',
      'text/html',
      'application/x-msdownload',
      'image/svg+xml',
      'application/msword',
      'application/octet-stream',
    ]) {
      expect(
        issuesOf(() => validateEvidence({ fileName: 'berkas.pdf', contentType, size: 10 })),
        contentType,
      ).toEqual([['contentType', 'EVIDENCE_TYPE_NOT_ALLOWED']]);
    }
    expect(
      issuesOf(() => validateEvidence({ fileName: 'foto.png', contentType: 'application/pdf', size: 10 })),
    ).toEqual([['fileName', 'EVIDENCE_EXTENSION_MISMATCH']]);
    expect(
      issuesOf(() =>
        validateEvidence({ fileName: 'tanpa-ekstensi', contentType: 'application/pdf', size: 10 }),
      ),
    ).toEqual([['fileName', 'EVIDENCE_EXTENSION_MISMATCH']]);
  });

  it('refuses empty files and files over 20 MB; exactly 20 MB is fine', () => {
    expect(evidenceRules.maxBytes).toBe(20 * MB);
    expect(validateEvidence({ fileName: 'a.pdf', contentType: 'application/pdf', size: 20 * MB }).size).toBe(
      20 * MB,
    );
    expect(validateEvidence({ fileName: 'a.pdf', contentType: 'application/pdf', size: 1 }).size).toBe(1);
    expect(
      issuesOf(() =>
        validateEvidence({ fileName: 'a.pdf', contentType: 'application/pdf', size: 20 * MB + 1 }),
      ),
    ).toEqual([['size', 'EVIDENCE_TOO_LARGE']]);
    expect(
      issuesOf(() => validateEvidence({ fileName: 'a.pdf', contentType: 'application/pdf', size: 0 })),
    ).toEqual([['size', 'EVIDENCE_EMPTY']]);
    expect(
      issuesOf(() => validateEvidence({ fileName: 'a.pdf', contentType: 'application/pdf', size: -5 })),
    ).toEqual([['size', 'EVIDENCE_EMPTY']]);
  });

  it('reports every problem at once', () => {
    expect(
      issuesOf(() => validateEvidence({ fileName: 'a.exe', contentType: 'application/pdf', size: 30 * MB })),
    ).toEqual([
      ['fileName', 'EVIDENCE_EXECUTABLE'],
      ['size', 'EVIDENCE_TOO_LARGE'],
    ]);
  });

  it('the input schema lowercases the type and wants an integer size', () => {
    expect(evidenceInput.parse({ fileName: ' a.pdf ', contentType: 'Application/PDF', size: 3 })).toEqual({
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 3,
    });
    expect(
      evidenceInput.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', size: 1.5 }).success,
    ).toBe(false);
    expect(
      evidenceInput.safeParse({ fileName: 'a.pdf', contentType: 'application/pdf', size: 3, bucket: 'x' })
        .success,
    ).toBe(false);
  });
});

describe('safeFileName and evidenceKey', () => {
  it.each([
    ['Laporan Kegiatan Triwulan I (final).pdf', 'Laporan-Kegiatan-Triwulan-I-final.pdf'],
    ['Évaluasi Kinerja Pegawai.docx', 'Evaluasi-Kinerja-Pegawai.docx'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\andi\\Dokumen\\bukti.PNG', 'bukti.png'],
    ['a"b; filename=x.exe.pdf', 'a-b-filename-x.exe.pdf'],
    ['???.pdf', 'berkas.pdf'],
    ['.tersembunyi.pdf', 'tersembunyi.pdf'],
    ['laporan   akhir---v2.pdf', 'laporan-akhir-v2.pdf'],
    ['foto 📷 kegiatan.jpg', 'foto-kegiatan.jpg'],
  ])('%s -> %s', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name to 100 characters', () => {
    const out = safeFileName(`${'a'.repeat(300)}.xlsx`);
    expect(out).toHaveLength(100);
    expect(out.endsWith('.xlsx')).toBe(true);
    expect(safeFileName(`${'a'.repeat(300)}.xlsx`)).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('keys evidence per agency and SKP', () => {
    expect(evidenceKey('kota-makassar', '2027.bkpsdm.198609262015051001', 'abc123def456', 'bukti.pdf')).toBe(
      'evidence/kota-makassar/2027.bkpsdm.198609262015051001/abc123def456/bukti.pdf',
    );
  });
});

describe('sniff and checkUploaded', () => {
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(
      parts
        .flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p))
        .concat(Array(16).fill(0))
        .slice(0, 16),
    );

  it.each([
    ['PDF', bytes('%PDF-1.7')],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n')],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['WEBP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    ['ZIP', bytes('PK', [3, 4])],
    ['EXECUTABLE', bytes('MZ', [0x90, 0])],
    ['EXECUTABLE', bytes([0x7f], 'ELF')],
    ['EXECUTABLE', bytes('#!/bin/sh')],
    ['EXECUTABLE', bytes([0xcf, 0xfa, 0xed, 0xfe])],
    ['UNKNOWN', bytes('<html>')],
    ['UNKNOWN', new Uint8Array()],
    ['UNKNOWN', bytes('RIFF', [1, 2, 3, 4], 'WAVE')],
  ])('%s', (kind, head) => {
    expect(sniff(head)).toBe(kind);
  });

  const declared = { fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 };
  const seen = (o: Partial<Observed> = {}): Observed => ({
    size: 1000,
    contentType: 'application/pdf',
    head: bytes('%PDF-1.4'),
    ...o,
  });

  it('passes the declared file', () => {
    expect(checkUploaded(declared, seen())).toBeUndefined();
    expect(checkUploaded(declared, seen({ contentType: 'Application/PDF; charset=binary' }))).toBeUndefined();
    const docx = {
      fileName: 'a.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: 10,
    };
    expect(
      checkUploaded(docx, { size: 10, contentType: docx.contentType, head: bytes('PK', [3, 4]) }),
    ).toBeUndefined();
  });

  it('names the first difference: missing, size, type, executable content, other content', () => {
    expect(checkUploaded(declared, undefined)).toEqual({ code: 'EVIDENCE_NOT_UPLOADED' });
    expect(checkUploaded(declared, seen({ size: 999 }))).toEqual({
      code: 'EVIDENCE_SIZE_MISMATCH',
      params: { declared: 1000, actual: 999 },
    });
    expect(checkUploaded(declared, seen({ contentType: 'image/png' }))).toEqual({
      code: 'EVIDENCE_TYPE_MISMATCH',
      params: { declared: 'application/pdf', actual: 'image/png' },
    });
    expect(checkUploaded(declared, seen({ contentType: undefined }))).toEqual({
      code: 'EVIDENCE_TYPE_MISMATCH',
      params: { declared: 'application/pdf', actual: '-' },
    });
    expect(checkUploaded(declared, seen({ head: bytes('MZ') }))).toEqual({ code: 'EVIDENCE_EXECUTABLE' });
    expect(checkUploaded(declared, seen({ head: bytes([0x89], 'PNG') }))).toEqual({
      code: 'EVIDENCE_CONTENT_MISMATCH',
      params: { declared: 'application/pdf' },
    });
  });
});
