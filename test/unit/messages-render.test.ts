/** core/messages.ts: plurals, translated names, times in the agency zone, optional parts, q-values. */
import { describe, expect, it } from 'vitest';
import { langFrom, render } from '#core/messages.ts';

describe('render', () => {
  it('says "1 problem" and "2 problems"; Indonesian needs no plural', () => {
    expect(render('VALIDATION_FAILED', 'en', { count: 1 })).toBe('The request is invalid (1 problem).');
    expect(render('VALIDATION_FAILED', 'en', { count: 2 })).toBe('The request is invalid (2 problems).');
    expect(render('VALIDATION_FAILED', 'id', { count: 1 })).toBe(
      'Data yang dikirim tidak valid (1 masalah).',
    );
    expect(render('RHK_NOT_CASCADED', 'en', { count: 1 })).toBe(
      '1 main RHK is not linked to a supervisor RHK yet.',
    );
  });

  it('translates command and status names: no English codes inside an Indonesian sentence', () => {
    const id = render('ILLEGAL_TRANSITION', 'id', { command: 'APPROVE', status: 'DRAFT' });
    expect(id).toBe('Tindakan menyetujui tidak dapat dilakukan pada SKP yang berstatus draf.');
    expect(id).not.toMatch(/APPROVE|DRAFT/);
    expect(render('ILLEGAL_TRANSITION', 'en', { command: 'SUBMIT', status: 'APPROVED' })).toBe(
      'Submitting is not possible on an SKP that is approved.',
    );
    expect(render('ROLE_REQUIRED', 'id', { role: 'HR' })).toBe(
      'Tindakan ini memerlukan peran pengelola kinerja (HR).',
    );
  });

  it('reads times in the zone of their offset, like notifications', () => {
    expect(render('CHECKIN_WINDOW_CLOSED', 'id', { closesAt: '2026-01-31T23:59:59+08:00' })).toBe(
      'Check-in periode ini sudah ditutup pada 31 Januari 2026 pukul 23.59 WITA.',
    );
    expect(render('CHECKIN_WINDOW_CLOSED', 'en', { closesAt: '2026-01-31T23:59:59+09:00' })).toBe(
      "This period's check-in closed at 31 January 2026 at 23:59 WIT.",
    );
    // No agency zone known (the clock's UTC instant): said as UTC.
    expect(
      render('CLOCK_BACKWARDS', 'id', { now: '2027-02-01T01:00:00.000Z', at: '2027-01-01T00:00:00Z' }),
    ).toBe(
      'Jam lokal hanya bisa maju: sekarang 1 Februari 2027 pukul 01.00 UTC, sedangkan 1 Januari 2027 pukul 00.00 UTC lebih awal.',
    );
  });

  it('leaves out an optional part whose value is unknown (no "(versi sekarang ?)")', () => {
    expect(render('STALE_VERSION', 'id', { version: '?' })).toBe(
      'Dokumen sudah diubah orang lain; muat ulang lalu coba lagi.',
    );
    expect(render('STALE_VERSION', 'id', { version: 4 })).toBe(
      'Dokumen sudah diubah orang lain (versi sekarang 4); muat ulang lalu coba lagi.',
    );
    expect(render('STALE_VERSION', 'en', {})).toBe('The document has changed; reload and retry.');
  });
});

describe('langFrom: Accept-Language by q-value', () => {
  it.each([
    [undefined, 'id'],
    ['', 'id'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr,en;q=0.5', 'en'],
    ['fr', 'id'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['en;q=0.1,id;q=0.9', 'id'],
    ['*', 'id'],
    ['de;q=1, en-GB;q=0.3', 'en'],
  ])('%s -> %s', (header, lang) => {
    expect(langFrom(header)).toBe(lang);
  });
});
