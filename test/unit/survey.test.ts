/**
 * core/survey: the token, the period a response counts in, the comment as text, the aggregate
 * arithmetic and what is withheld, the link's machine, who may issue and read, and the page
 * (escaping, its Content-Security-Policy, its weight).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveyRules } from '#config/survey.ts';
import type { Actor } from '#core/actor.ts';
import { computeCalendar, periodOfMonth } from '#core/cycle.ts';
import { DomainError } from '#core/errors.ts';
import {
  cleanComment,
  isSignedToken,
  newSurveyToken,
  periodOf,
  ratingsOf,
  surveyAnswerInput,
  tokenHash,
  tokenPattern,
  validUntilOf,
} from '#core/survey/content.ts';
import {
  assertCanIssue,
  assertCanReadUnitFeedback,
  assertServedBy,
  citizen,
  isUnitHead,
  surveyMachine,
} from '#core/survey/machine.ts';
import {
  contentSecurityPolicy,
  escapeHtml,
  localTime,
  pageHeaders,
  problemPage,
  surveyFormPage,
  thanksPage,
} from '#core/survey/page.ts';
import { aggregateAdd, employeeStatsOf, statsOf, unitStatsOf } from '#core/survey/view.ts';

const caught = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('did not throw');
};

describe('survey token', () => {
  const key = createHash('sha256').update('a test key').digest();
  const other = createHash('sha256').update('another key').digest();

  it('is 128 random bits and a 128-bit tag, 43 base64url characters, never repeating', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => newSurveyToken(key)));
    expect(tokens.size).toBe(2000);
    for (const t of [...tokens].slice(0, 50)) {
      expect(t).toMatch(tokenPattern);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(isSignedToken(key, t)).toBe(true);
    }
  });

  it('verifies only under its own key, unchanged, in its one spelling', () => {
    const t = newSurveyToken(key);
    expect(isSignedToken(other, t)).toBe(false);
    // Any one character changed (the last one in each of two ways: its spare bits, and a real change).
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 42 }), fc.constantFrom(...'AQgw_-09az'), (i, c) => {
        fc.pre(t[i] !== c);
        expect(isSignedToken(key, t.slice(0, i) + c + t.slice(i + 1))).toBe(false);
      }),
    );
    for (const bad of ['', 'A'.repeat(43), t.slice(0, 42), `${t}A`, t.slice(0, 22), `${t.slice(0, 42)}=`])
      expect(isSignedToken(key, bad), bad).toBe(false);
  });

  it('is stored only as its SHA-256 (the key tells nothing of the token)', () => {
    const t = newSurveyToken(key);
    expect(tokenHash(t)).toBe(createHash('sha256').update(t).digest('base64url'));
    expect(tokenHash(t)).not.toContain(t);
    expect(tokenHash(t)).toHaveLength(43);
  });
});

describe('periodOf: the response time in the agency zone', () => {
  // 31 March 2027, 23:30 in Jakarta = 1 April 01:30 in Jayapura.
  const at = new Date('2027-03-31T16:30:00Z');
  it.each([
    ['Asia/Jakarta', 'QUARTERLY', 2027, 'Q1', '2027-03-31'],
    // 00:30 on 1 April in WITA: already the second quarter.
    ['Asia/Makassar', 'QUARTERLY', 2027, 'Q2', '2027-04-01'],
    ['Asia/Jayapura', 'QUARTERLY', 2027, 'Q2', '2027-04-01'],
    ['Asia/Jakarta', 'MONTHLY', 2027, 'M03', '2027-03-31'],
    ['Asia/Jayapura', 'MONTHLY', 2027, 'M04', '2027-04-01'],
  ] as const)('%s %s', (zone, periodicity, year, period, localDate) => {
    expect(periodOf(at, zone, periodicity)).toEqual({ year, period, localDate });
  });

  it('puts New Year in WIT in the new year', () => {
    expect(periodOf(new Date('2026-12-31T15:30:00Z'), 'Asia/Jayapura', 'QUARTERLY')).toMatchObject({
      year: 2027,
      period: 'Q1',
    });
  });

  it("names the same period as the cycle's calendar, for every month of either periodicity", () => {
    for (const periodicity of ['QUARTERLY', 'MONTHLY'] as const) {
      const cal = computeCalendar({ year: 2027 }, { timeZone: 'Asia/Jakarta', periodicity });
      for (let month = 1; month <= 12; month++) {
        const day = `2027-${String(month).padStart(2, '0')}-15`;
        const inCalendar = cal.periods.find((w) => w.start <= day && day <= w.end)!.period;
        expect(periodOfMonth(month, periodicity), `${periodicity} ${month}`).toBe(inCalendar);
      }
    }
  });

  it('lets a link live the configured days', () => {
    expect(validUntilOf(new Date('2027-02-15T01:00:00Z'))).toBe('2027-02-22T01:00:00.000Z');
    expect(surveyRules.linkValidDays).toBe(7);
  });
});

describe('the answer and the comment', () => {
  it('reads three ratings 1..5 and nothing else', () => {
    const ok = surveyAnswerInput.parse({ speed: '5', clarity: '3', friendliness: '1' });
    expect(ratingsOf(ok)).toEqual({ SPEED: 5, CLARITY: 3, FRIENDLINESS: 1 });
    expect(surveyAnswerInput.safeParse({ speed: '6', clarity: '3', friendliness: '1' }).success).toBe(false);
    expect(surveyAnswerInput.safeParse({ speed: '5', clarity: '3' }).success).toBe(false);
    // No field for a name, a phone number or an e-mail address: an unknown field is refused.
    expect(
      surveyAnswerInput.safeParse({ speed: '5', clarity: '3', friendliness: '1', phone: '0811' }).success,
    ).toBe(false);
  });

  it('keeps the comment as plain text: markup stays text, line endings are normalised', () => {
    expect(cleanComment('  <script>alert(1)</script>\r\nBaik  ')).toBe('<script>alert(1)</script>\nBaik');
    expect(cleanComment('')).toBeUndefined();
    expect(cleanComment(' \r\n ')).toBeUndefined();
    expect(cleanComment(undefined)).toBeUndefined();
  });

  it('drops control and bidi-override characters', () => {
    expect(cleanComment('ok\u0000\u0007\u202Eevil\u2066\tx')).toBe('okevil\tx');
  });

  it('removes personal data the citizen typed: e-mail, phone, NIK', () => {
    expect(cleanComment('Hubungi saya di budi@contoh.id atau 0812-3456-7890, NIK 3171234567890001.')).toBe(
      'Hubungi saya di [dihapus] atau [dihapus], NIK [dihapus].',
    );
    // Short numbers (a queue number, a date) are not personal data.
    expect(cleanComment('Antrean nomor 42, 15-02-2027, 2 jam')).toBe('Antrean nomor 42, 15-02-2027, 2 jam');
  });

  it('refuses a comment over the limit (CRLF counts as one)', () => {
    expect(cleanComment('a\r\n'.repeat(500))).toHaveLength(999);
    const err = caught(() => cleanComment('x'.repeat(surveyRules.commentMaxChars + 1)));
    expect(err.kind).toBe('UNPROCESSABLE');
    expect(err.issues[0]).toMatchObject({ path: 'comment', code: 'TOO_LONG' });
  });
});

describe('aggregates', () => {
  const sum = (responses: ReturnType<typeof aggregateAdd>[]) => {
    const agg: Record<string, number> = {};
    for (const r of responses) for (const [k, n] of Object.entries(r)) agg[k] = (agg[k] ?? 0) + n;
    return agg;
  };

  it('count, mean and distribution per question', () => {
    const agg = sum([
      aggregateAdd({ SPEED: 5, CLARITY: 4, FRIENDLINESS: 5 }),
      aggregateAdd({ SPEED: 3, CLARITY: 4, FRIENDLINESS: 5 }),
      aggregateAdd({ SPEED: 4, CLARITY: 2, FRIENDLINESS: 4 }),
    ]);
    expect(statsOf(agg)).toEqual({
      responses: 3,
      mean: 4,
      questions: [
        { question: 'SPEED', mean: 4, distribution: [0, 0, 1, 1, 1] },
        { question: 'CLARITY', mean: 3.33, distribution: [0, 1, 0, 2, 0] },
        { question: 'FRIENDLINESS', mean: 4.67, distribution: [0, 0, 0, 1, 2] },
      ],
    });
  });

  it('none yet: zero and no mean', () => {
    expect(statsOf(undefined)).toMatchObject({ responses: 0, mean: null });
  });

  it('per employee: fewer than five shows nothing, not even the count', () => {
    const four = sum(
      Array.from({ length: 4 }, () => aggregateAdd({ SPEED: 1, CLARITY: 1, FRIENDLINESS: 1 })),
    );
    expect(employeeStatsOf(four)).toEqual({ shown: false, minResponses: 5 });
    const five = sum([four, aggregateAdd({ SPEED: 5, CLARITY: 5, FRIENDLINESS: 5 })]);
    expect(employeeStatsOf(five)).toMatchObject({ shown: true, responses: 5, mean: 1.8 });
  });

  const one = aggregateAdd({ SPEED: 3, CLARITY: 3, FRIENDLINESS: 3 });
  const times = (n: number) => sum(Array.from({ length: n }, () => one));

  it('per unit: withheld when the unit less its employees shown is one to four answers', () => {
    // One employee with three answers: the unit would be that employee.
    expect(unitStatsOf(times(3), [times(3)])).toEqual({ shown: false, minResponses: 5 });
    // Three answers naming nobody: too few to show as well.
    expect(unitStatsOf(times(3), [])).toEqual({ shown: false, minResponses: 5 });
    // Seven: one employee shown with five, two more (another employee's, or nobody's): withheld.
    expect(unitStatsOf(times(7), [times(5), times(1)])).toMatchObject({ shown: false });
    // All answers in employees shown, or the rest at least five: shown.
    expect(unitStatsOf(times(10), [times(5), times(5)])).toMatchObject({ shown: true, responses: 10 });
    expect(unitStatsOf(times(10), [times(5), times(2)])).toMatchObject({ shown: true, responses: 10 });
    expect(unitStatsOf(undefined, [])).toMatchObject({ shown: true, responses: 0, mean: null });
  });

  it('per unit: no figure shown, or derived by subtracting what is shown, stands on one to four answers', () => {
    // Answers spread over up to four employees (0) or nobody (-1).
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 40 }), (whom) => {
        const counts = [0, 1, 2, 3].map((e) => whom.filter((w) => w === e).length);
        const employees = counts.map((n) => (n ? times(n) : undefined));
        const shownEmployees = employees.map(employeeStatsOf).filter((e) => e.shown);
        for (const e of shownEmployees) expect(e.responses).toBeGreaterThanOrEqual(5);
        const unit = unitStatsOf(times(whom.length), employees);
        if (unit.shown) {
          const rest = unit.responses - shownEmployees.reduce((n, e) => n + (e.shown ? e.responses : 0), 0);
          expect(rest === 0 || rest >= 5).toBe(true);
        }
      }),
    );
  });
});

describe('the link machine', () => {
  const now = new Date('2027-02-15T02:00:00Z');
  const link = {
    surveyId: 'abc',
    status: 'ISSUED',
    validUntil: '2027-02-22T01:00:00.000Z',
    timeZone: 'Asia/Makassar',
    version: 1,
    auditHead: { seq: 1, hash: 'h1' },
  };
  const head = { seq: 1, hash: 'h1' };
  const who = citizen('kota-makassar');
  const answer = { type: 'ANSWER' as const };

  it('answers once: ISSUED -> USED, then 409', () => {
    expect(surveyMachine.decide(link, answer, who, head, { now })).toEqual({ status: 'USED', version: 2 });
    const used = { ...link, status: 'USED', version: 2, auditHead: { seq: 2, hash: 'h2' } };
    expect(caught(() => surveyMachine.decide(used, answer, who, used.auditHead, { now }))).toMatchObject({
      kind: 'CONFLICT',
      code: 'SURVEY_ALREADY_ANSWERED',
    });
  });

  it('refuses an expired link as gone (410), and a used one as answered even when expired', () => {
    const late = new Date('2027-02-22T01:00:00Z');
    expect(caught(() => surveyMachine.decide(link, answer, who, head, { now: late }))).toMatchObject({
      kind: 'GONE',
      code: 'SURVEY_EXPIRED',
    });
    const used = { ...link, status: 'USED' };
    expect(caught(() => surveyMachine.decide(used, answer, who, head, { now: late })).kind).toBe('CONFLICT');
  });

  it('explains a lost race against the link as it is now: 409, not a stale version', () => {
    const now2 = { ...link, status: 'USED', version: 2, auditHead: { seq: 2, hash: 'h2' } };
    expect(surveyMachine.explain(now2, answer, who, now2.auditHead, { now }, {})).toMatchObject({
      code: 'SURVEY_ALREADY_ANSWERED',
    });
    expect(surveyMachine.explain(undefined, answer, who, head, { now }, {}).code).toBe('SURVEY_NOT_FOUND');
  });
});

describe('who may issue links and read feedback', () => {
  const a = 'kota-makassar';
  const actor = (nip: string, roles: Actor['roles'] = [], agencyId = a): Actor => ({ nip, agencyId, roles });
  const staff = {
    nip: '199205302017011005',
    agencyId: a,
    unitId: 'dpmptsp',
    supervisorNip: '198211202006042001',
  };
  const chief = {
    nip: '198211202006042001',
    agencyId: a,
    unitId: 'dpmptsp',
    supervisorNip: '197503152000031002',
  };
  const head = { nip: '197503152000031002', agencyId: a, unitId: 'setda', supervisorNip: null };
  const kadis = { ...chief, supervisorNip: head.nip };

  it('unit staff (of that unit per the org chart) and HR issue; others do not', () => {
    expect(() => assertCanIssue(actor(staff.nip), a, 'dpmptsp', staff)).not.toThrow();
    expect(caught(() => assertCanIssue(actor(staff.nip), a, 'disdik', staff)).code).toBe(
      'SURVEY_UNIT_STAFF_ONLY',
    );
    expect(() => assertCanIssue(actor(head.nip, ['HR']), a, 'disdik', head)).not.toThrow();
    expect(caught(() => assertCanIssue(actor(staff.nip, ['HR'], 'lain'), a, 'dpmptsp', staff)).kind).toBe(
      'NOT_FOUND',
    );
    expect(caught(() => assertCanIssue(actor('1', ['ADMIN'], 'siklus'), a, 'dpmptsp', undefined)).kind).toBe(
      'NOT_FOUND',
    );
  });

  it('the employee who served must be of the unit', () => {
    expect(() => assertServedBy(staff.nip, 'dpmptsp', a, staff)).not.toThrow();
    expect(() => assertServedBy(undefined, 'dpmptsp', a, undefined)).not.toThrow();
    expect(caught(() => assertServedBy(staff.nip, 'disdik', a, staff)).issues[0]).toMatchObject({
      path: 'nip',
      code: 'SURVEY_EMPLOYEE_NOT_IN_UNIT',
    });
  });

  it('the unit head is the top of the unit: a supervisor outside it, or none', () => {
    expect(isUnitHead(kadis, head, 'dpmptsp')).toBe(true);
    expect(isUnitHead(staff, chief, 'dpmptsp')).toBe(false);
    expect(isUnitHead(head, undefined, 'setda')).toBe(true);
    expect(isUnitHead(head, undefined, 'dpmptsp')).toBe(false);
    expect(() => assertCanReadUnitFeedback(actor(kadis.nip), a, 'dpmptsp', kadis, head)).not.toThrow();
    expect(caught(() => assertCanReadUnitFeedback(actor(staff.nip), a, 'dpmptsp', staff, chief)).code).toBe(
      'SURVEY_FEEDBACK_HEAD_ONLY',
    );
  });
});

describe('the page', () => {
  const data = {
    agencyName: 'Pemerintah Kota Makassar',
    unitName: 'Dinas <Penanaman> Modal & "PTSP"',
    employeeName: "Andi <img src=x onerror=alert('x')>",
    validUntil: '2027-02-22T01:00:00.000Z',
    timeZone: 'Asia/Makassar',
  };

  it('escapes every value that comes from data', () => {
    const html = surveyFormPage('id', data);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<Penanaman>');
    expect(html).toContain('Dinas &lt;Penanaman&gt; Modal &amp; &quot;PTSP&quot;');
    expect(html).toContain('Andi &lt;img src=x onerror=alert(&#39;x&#39;)&gt;');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
    expect(thanksPage('id', '<b>x</b>')).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('is a plain form: three required 1..5 scales, each labelled, and an optional comment', () => {
    const html = surveyFormPage('id', data);
    expect(html).toContain('<form method="post" action="?lang=id">');
    for (const name of ['speed', 'clarity', 'friendliness']) {
      for (let r = 1; r <= 5; r++) {
        expect(html).toContain(`<input type="radio" id="${name}-${r}" name="${name}" value="${r}" required>`);
        expect(html).toContain(`<label for="${name}-${r}"><b>${r}</b> `);
      }
    }
    expect(html).toContain('<textarea id="comment" name="comment"');
    expect(html).not.toMatch(/name="(nama|name|phone|telepon|email|nik)"/i);
    expect(html.match(/<fieldset>/g)).toHaveLength(3);
    expect(html.match(/<legend>/g)).toHaveLength(3);
  });

  it('speaks Bahasa Indonesia by default with an English toggle, and English when asked', () => {
    const id = surveyFormPage('id', data);
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Kecepatan layanan');
    expect(id).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>');
    expect(id).toContain('Berlaku sampai 22 Februari 2027 09.00 WITA');
    const en = surveyFormPage('en', data);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Speed of service');
    expect(en).toContain('<a href="?lang=id" hreflang="id" lang="id">Bahasa Indonesia</a>');
    expect(localTime('2027-02-22T01:00:00.000Z', 'Asia/Jayapura', 'en')).toBe('22 February 2027 10:00 WIT');
  });

  it('allows only its own style and script, by hash: the CSP matches what the page carries', () => {
    const html = surveyFormPage('id', data);
    const style = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    const script = /<script>([^<]*)<\/script>/.exec(html)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(contentSecurityPolicy).toContain(`style-src ${hash(style)}`);
    expect(contentSecurityPolicy).toContain(`script-src ${hash(script)}`);
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy).not.toContain('unsafe-inline');
    expect(html.match(/<script/g)).toHaveLength(1);
    // No event-handler attribute in any tag (the escaped name above is text, not a tag).
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
    expect(pageHeaders('id')).toMatchObject({
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
  });

  it('weighs well under 30 KB', () => {
    const html = surveyFormPage('id', data);
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThan(30 * 1024);
    expect(bytes).toBeLessThan(12 * 1024);
    expect(gzipSync(html).length).toBeLessThan(4 * 1024);
  });

  it('says kindly why a link cannot be used', () => {
    expect(problemPage('id', 'SURVEY_NOT_FOUND')).toContain('Tautan tidak dikenali');
    expect(
      problemPage('id', 'SURVEY_EXPIRED', { validUntil: data.validUntil, timeZone: data.timeZone }),
    ).toContain('berlaku sampai 22 Februari 2027 09.00 WITA');
    expect(problemPage('en', 'SURVEY_ALREADY_ANSWERED')).toContain('Already answered');
    const incomplete = problemPage('id', 'VALIDATION_FAILED', {}, [{ path: 'speed', code: 'REQUIRED' }]);
    expect(incomplete).toContain('Kecepatan layanan: Wajib diisi.');
    expect(incomplete).toContain('href="?lang=id"');
    const long = problemPage('en', 'VALIDATION_FAILED', {}, [
      { path: 'comment', code: 'TOO_LONG', params: { max: 1000 } },
    ]);
    expect(long).toContain('Suggestion or comment (optional): Too long (at most 1000 characters).');
  });
});
