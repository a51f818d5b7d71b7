/** SKP documents: draft, edit, submit, approve, return, revise; action items; the audit chain. */
import * as z from 'zod';
import { actionKinds, hrInbox } from '#core/action-items.ts';
import { subjects } from '#core/audit.ts';
import { assertHrOf } from '#core/authz.ts';
import { validationFailed } from '#core/errors.ts';
import { etagOf } from '#core/etag.ts';
import { subjectOutput, unitSkp } from '#core/lists.ts';
import { expectationsInput, reasonInput, skpCreateInput } from '#core/skp/content.ts';
import { skpEditInput, splitEdit } from '#core/skp/edit.ts';
import { skpStatuses } from '#core/skp/machine.ts';
import { skpOutput, skpView } from '#core/skp/view.ts';
import { httpApi } from '../http/edge.ts';
import {
  agencyIdParam,
  idempotencyHeader,
  idempotencyOf,
  ifMatchHeader,
  ifMatchOf,
  nipParam,
  pageOf,
  pageQuery,
  skpIdParam,
  unitIdParam,
  year,
} from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { actionItems } from '../use-cases/action-items.ts';
import { auditOutput, verifiedAudit } from '../use-cases/audit.ts';
import { unitSkps } from '../use-cases/lists.ts';
import { cascadeSources, changeSkp, createSkp, readSkp } from '../use-cases/skp.ts';

const group = 'skp';
const tag = 'SKP';
const skpPath = z.object({ skpId: skpIdParam });

const target = z.union([
  z.object({ value: z.number(), unit: z.string() }),
  z.object({ description: z.string() }),
]);
const cascadeSourcesOutput = z
  .object({
    skpId: z.string(),
    appraiserNip: z
      .string()
      .nullable()
      .meta({ description: 'Null for the agency head: no one to cascade from.' }),
    sources: z.array(
      z.object({
        skpId: z.string(),
        ownerNip: z.string(),
        ownerName: z.string(),
        status: z.enum(skpStatuses),
        startMonth: z.number().int().min(1).max(12),
        endMonth: z.number().int().min(1).max(12),
        approved: z.boolean().meta({
          description:
            'Linking is allowed in any status; approving your SKP needs every linked source approved.',
        }),
        rhk: z.array(
          z.object({
            rhkId: z.string().meta({ description: 'Use it as `intervenesRhkId`.' }),
            kind: z.enum(['UTAMA', 'TAMBAHAN']),
            text: z.string(),
            indicators: z.array(
              z.object({
                text: z.string(),
                aspect: z.enum(['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA']),
                target,
              }),
            ),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'CascadeSources' });

const skpChanged = z
  .object({
    skpId: z.string(),
    status: z
      .enum(skpStatuses)
      .optional()
      .meta({ description: 'The new status; absent when the change keeps it (ekspektasi).' }),
    version: z.number().int(),
    etag: z.string(),
    content: skpOutput.shape.content.optional(),
    perilaku: skpOutput.shape.content.shape.perilaku.optional(),
    pendingKind: z.enum(actionKinds).optional(),
    pendingDueAt: z.string().optional(),
  })
  .meta({ id: 'SkpChanged', description: 'What the change wrote (GET the SKP for the whole document).' });

const withEtag = <T extends { etag: string }>(status: number, body: T, location?: string) => ({
  status,
  body,
  headers: { etag: body.etag, ...(location ? { location } : {}) },
});

const transition = (type: 'SUBMIT' | 'APPROVE' | 'RETURN' | 'REVISE', operationId: string, summary: string) =>
  defineRoute({
    method: 'POST',
    path: `/v1/skp/{skpId}/${type.toLowerCase()}`,
    group,
    tag,
    auth: 'jwt',
    operationId,
    summary,
    params: skpPath,
    headers: ifMatchHeader.extend(idempotencyHeader.shape),
    ...(type === 'RETURN' || type === 'REVISE' ? { body: { schema: reasonInput } } : {}),
    responses: { 200: { description: 'New state', schema: skpChanged, headers: ['etag'] } },
    errors: [403, 404, 409, 412, 422, 428],
    handler: async (req) => {
      const change =
        type === 'RETURN' || type === 'REVISE'
          ? { type, reason: (req.body as { reason: string }).reason }
          : { type };
      return withEtag(
        200,
        await changeSkp(req.deps, req.actor, req.params.skpId, change, ifMatchOf(req), idempotencyOf(req)),
      );
    },
  });

export const routes = [
  defineRoute({
    method: 'POST',
    path: '/v1/skp',
    group,
    tag,
    auth: 'jwt',
    operationId: 'createSkp',
    summary: 'Draft your SKP for a year',
    headers: idempotencyHeader,
    body: { schema: skpCreateInput },
    responses: { 201: { description: 'Drafted', schema: skpOutput, headers: ['etag', 'location'] } },
    errors: [404, 409, 422],
    handler: async (req) => {
      const view = await createSkp(req.deps, req.actor, req.body, idempotencyOf(req));
      return withEtag(201, view, `/v1/skp/${view.skpId}`);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getSkp',
    summary: 'An SKP (owner, supervisors above, HR)',
    params: skpPath,
    responses: { 200: { description: 'The SKP', schema: skpOutput, headers: ['etag'] } },
    errors: [404],
    handler: async (req) =>
      withEtag(200, skpView(await readSkp(req.deps, req.actor, { skpId: req.params.skpId }))),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/employees/{nip}/skp',
    group,
    tag,
    auth: 'jwt',
    operationId: 'getEmployeeSkp',
    summary: "An employee's SKP for a year (the latest, when the employee moved mid-year)",
    params: z.object({ nip: nipParam }),
    query: z.object({ year }),
    responses: { 200: { description: 'The SKP', schema: skpOutput, headers: ['etag'] } },
    errors: [404, 422],
    handler: async (req) =>
      withEtag(
        200,
        skpView(await readSkp(req.deps, req.actor, { nip: req.params.nip, year: req.query.year })),
      ),
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/skp/{skpId}',
    group,
    tag,
    auth: 'jwt',
    operationId: 'editSkp',
    summary: 'Replace the content (owner, while DRAFT or RETURNED); keep rhkId/indicatorId to keep links',
    params: skpPath,
    headers: ifMatchHeader,
    body: { schema: skpEditInput },
    responses: { 200: { description: 'Saved', schema: skpChanged, headers: ['etag'] } },
    errors: [403, 404, 409, 412, 422, 428],
    handler: async (req) => {
      const ifMatch = ifMatchOf(req);
      const { content, echo, etag } = splitEdit(req.body as Record<string, unknown>);
      if (etag !== undefined && etag !== etagOf(ifMatch))
        throw validationFailed([
          { path: 'etag', code: 'READ_ONLY_FIELD', params: { expected: req.header('if-match') ?? '-' } },
        ]);
      return withEtag(
        200,
        await changeSkp(
          req.deps,
          req.actor,
          req.params.skpId,
          { type: 'EDIT', content, echo },
          ifMatch,
          undefined,
        ),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/cascade-sources',
    group,
    tag,
    auth: 'jwt',
    operationId: 'skpCascadeSources',
    summary: "The appraiser's RHK your RHK may intervene in (the owner)",
    description:
      "The appraiser's SKPs of the year whose months meet yours, in any status (draft early), with their RHK ids. " +
      'Approving your SKP needs every SKP it links to be APPROVED (409 CASCADE_SOURCE_NOT_APPROVED).',
    params: skpPath,
    responses: { 200: { description: 'Cascade sources', schema: cascadeSourcesOutput } },
    errors: [403, 404],
    handler: async (req) => ({
      status: 200,
      body: await cascadeSources(req.deps, req.actor, req.params.skpId),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/units/{unitId}/skp',
    group,
    tag,
    auth: 'jwt',
    operationId: 'unitSkps',
    summary: "A unit's SKPs of a year, optionally of one status (unit head, HR)",
    description:
      'HR sees every SKP of the unit; anyone else those of themselves and of the people below them (a unit head: the whole unit).',
    params: z.object({ agencyId: agencyIdParam, unitId: unitIdParam }),
    query: pageQuery.extend({ year, status: z.enum(skpStatuses).optional() }),
    responses: { 200: { description: 'SKPs, by owner', schema: pageOf(unitSkp) } },
    errors: [404, 422],
    handler: async (req) => {
      const page = await unitSkps(req.deps, req.actor, req.params.agencyId, req.params.unitId, req.query);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/v1/skp/{skpId}/expectations',
    group,
    tag,
    auth: 'jwt',
    operationId: 'setSkpExpectations',
    summary:
      'The ekspektasi khusus pimpinan of each BerAKHLAK value (appraiser; any status). A value left out has none.',
    params: skpPath,
    headers: ifMatchHeader,
    body: { schema: expectationsInput },
    responses: { 200: { description: 'Saved', schema: skpChanged, headers: ['etag'] } },
    errors: [403, 404, 409, 412, 422, 428],
    handler: async (req) =>
      withEtag(
        200,
        await changeSkp(
          req.deps,
          req.actor,
          req.params.skpId,
          { type: 'SET_EXPECTATIONS', input: req.body },
          ifMatchOf(req),
          undefined,
        ),
      ),
  }),
  transition('SUBMIT', 'submitSkp', 'Submit for approval (owner)'),
  transition('APPROVE', 'approveSkp', 'Approve (appraiser)'),
  transition('RETURN', 'returnSkp', 'Send back with a reason (appraiser)'),
  transition('REVISE', 'reviseSkp', 'Open a recorded revision of an approved SKP (owner)'),
  defineRoute({
    method: 'GET',
    path: '/v1/me/action-items',
    group,
    tag: 'Me',
    auth: 'jwt',
    operationId: 'myActionItems',
    summary: 'What the caller owes, soonest due first',
    query: pageQuery.extend({
      inbox: z.enum(['HR']).optional().meta({ description: 'HR only: the steps the agency HR owes.' }),
    }),
    responses: {
      200: {
        description: 'Items',
        schema: pageOf(
          z
            .object({
              kind: z.enum(actionKinds),
              title: z.string().meta({
                description: 'What to do, about whose document, in the language of the request.',
                example: 'Menyetujui atau mengembalikan SKP 2027 — Rini Chaniago',
              }),
              link: z.string().meta({
                description: 'The API path of the document (or of where to create it).',
                example: '/v1/skp/2027.bkpsdm.199204182016012005.1',
              }),
              dueAt: z.iso.datetime({ offset: true }),
              escalationLevel: z.number().int(),
              subject: subjectOutput,
            })
            .meta({ id: 'ActionItem' }),
        ),
      },
    },
    errors: [403, 422],
    handler: async (req) => {
      // `?inbox=HR`: the steps the agency's HR owes (e.g. the agency head's SKP approval).
      if (req.query.inbox === 'HR') assertHrOf(req.actor, req.actor.agencyId);
      const owner = req.query.inbox === 'HR' ? hrInbox(req.actor.agencyId) : req.actor.nip;
      const page = await actionItems(req.deps, owner, req.query, req.lang);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/skp/{skpId}/audit',
    group,
    tag,
    auth: 'jwt',
    operationId: 'verifySkpAudit',
    summary: 'The audit chain of an SKP, verified (HR)',
    params: skpPath,
    responses: { 200: { description: 'Chain and verdict', schema: auditOutput } },
    errors: [403, 404],
    handler: async (req) => {
      const doc = await readSkp(req.deps, req.actor, { skpId: req.params.skpId });
      assertHrOf(req.actor, doc.agencyId);
      return {
        status: 200,
        body: {
          skpId: doc.skpId,
          ...(await verifiedAudit(req.deps, subjects.skp(doc.skpId), doc.auditHead, doc.version)),
        },
      };
    },
  }),
];

export const handler = httpApi(routes);
