/** Employee profiles, the caller's own, and the caller's notifications. One read each. */
import * as z from 'zod';
import { actionKinds } from '#core/action-items.ts';
import { assertCanReadEmployee } from '#core/authz.ts';
import { employeeProfile, toProfile } from '#core/employee.ts';
import { notFound } from '#core/errors.ts';
import { subjectOutput, teamMember } from '#core/lists.ts';
import { eventKinds } from '#core/notifications.ts';
import { httpApi } from '../http/edge.ts';
import { agencyIdParam, nipParam, pageOf, pageQuery, unitIdParam, year } from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { team, unitEmployees } from '../use-cases/lists.ts';
import { inboxesOf, listNotifications, markRead } from '../use-cases/notifications.ts';
import { getEmployee } from '../use-cases/org.ts';

const group = 'employees';
const etag = (version: number) => `"v${version}"`;

const me = z
  .object({
    nip: z.string(),
    agencyId: z.string(),
    roles: z.array(z.enum(['HR', 'ADMIN'])),
    isSupervisor: z.boolean(),
    directReports: z.number().int(),
    profile: employeeProfile.nullable(),
  })
  .meta({ id: 'Me' });

const timestamp = z.iso.datetime({ offset: true });
const notification = z
  .object({
    id: z.string().meta({ description: 'Opaque; mark it read with POST /v1/me/notifications/{id}/read.' }),
    noticeId: z.string(),
    kind: z.enum(['REMINDER', 'ESCALATION', 'EVENT']).meta({
      description: 'A reminder before a deadline, an escalation after it, or an event (`event` says which).',
    }),
    event: z
      .enum(eventKinds() as [string, ...string[]])
      .optional()
      .meta({ description: 'EVENT only: what happened.' }),
    level: z.number().int().optional().meta({ description: 'ESCALATION only: 1 the supervisor, 2 HR.' }),
    reminder: z.number().int().optional().meta({ description: 'REMINDER only: which reminder (1, 2, 3).' }),
    pendingKind: z
      .enum(actionKinds)
      .optional()
      .meta({ description: 'REMINDER and ESCALATION: the step owed.' }),
    dueAt: timestamp.optional(),
    subject: subjectOutput,
    link: z.string().meta({
      description: 'The API path of what it is about.',
      example: '/v1/skp/2027.bkpsdm.199205302017011005.1',
    }),
    title: z.string(),
    titleEn: z.string().optional(),
    body: z
      .string()
      .meta({ description: 'Bahasa Indonesia, the deadline in the agency time (WIB/WITA/WIT).' }),
    bodyEn: z.string(),
    createdAt: timestamp,
    readAt: timestamp.nullable().meta({ description: 'When it was marked read; null: unread.' }),
    recipient: z.string().meta({ description: 'The caller, or `HR#<agencyId>` for the agency HR inbox.' }),
  })
  .meta({ id: 'Notification' });

export const routes = [
  defineRoute({
    method: 'GET',
    path: '/v1/me/team',
    group,
    tag: 'Me',
    auth: 'jwt',
    operationId: 'myTeam',
    summary: 'Your direct reports with their SKPs and check-ins of a year (a supervisor)',
    description:
      "One Query on the team index: each report's profile followed by their documents of the year. Someone who moved " +
      'to another supervisor this year still appears (`directReport: false`) while you appraise an SKP of theirs.',
    query: pageQuery.extend({ year }),
    responses: { 200: { description: 'Team members, by NIP', schema: pageOf(teamMember) } },
    errors: [422],
    handler: async (req) => {
      const page = await team(req.deps, req.actor, req.query.year, req.query);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/agencies/{agencyId}/units/{unitId}/employees',
    group,
    tag: 'Employees',
    auth: 'jwt',
    operationId: 'unitEmployees',
    summary: 'The employees of a unit, searchable by name or NIP (unit head, HR)',
    description:
      'HR sees the whole unit; anyone else sees themselves and the people below them in the org chart, so a unit head ' +
      'sees the whole unit. `q`: NIP digits (spaces ignored) match the start of the NIP, other text is looked for in ' +
      'the name (case and accents ignored). Leavers (INACTIVE) only with `status=INACTIVE` or `ALL`.',
    params: z.object({ agencyId: agencyIdParam, unitId: unitIdParam }),
    query: pageQuery.extend({
      q: z
        .string()
        .trim()
        .max(100)
        .optional()
        .meta({ description: 'A name or NIP (prefix)', example: 'andi' }),
      status: z.enum(['ACTIVE', 'INACTIVE', 'ALL']).default('ACTIVE'),
    }),
    responses: { 200: { description: 'Employees, by NIP', schema: pageOf(employeeProfile) } },
    errors: [404, 422],
    handler: async (req) => {
      const page = await unitEmployees(
        req.deps,
        req.actor,
        req.params.agencyId,
        req.params.unitId,
        req.query,
      );
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/me/notifications',
    group,
    tag: 'Me',
    auth: 'jwt',
    operationId: 'myNotifications',
    summary:
      'Reminders, escalations and delivered results addressed to the caller (and, for HR, to the agency HR inbox), newest first',
    query: pageQuery,
    responses: { 200: { description: 'Notifications', schema: pageOf(notification) } },
    errors: [422],
    handler: async (req) => {
      const page = await listNotifications(req.deps, inboxesOf(req.actor), req.query);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/me/notifications/{id}/read',
    group,
    tag: 'Me',
    auth: 'jwt',
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read (its recipient; HR also for the agency HR inbox)',
    description: 'Idempotent: marking it again answers the first `readAt`.',
    params: z.object({ id: z.string().max(600) }),
    responses: {
      200: {
        description: 'Read',
        schema: z.object({ id: z.string(), readAt: timestamp }).meta({ id: 'NotificationRead' }),
      },
    },
    errors: [404],
    handler: async (req) => ({ status: 200, body: await markRead(req.deps, req.actor, req.params.id) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/employees/{nip}',
    group,
    tag: 'Employees',
    auth: 'jwt',
    operationId: 'getEmployee',
    summary: 'An employee profile (self, supervisors above, HR of the agency)',
    params: z.object({ nip: nipParam }),
    responses: { 200: { description: 'The profile', schema: employeeProfile, headers: ['etag'] } },
    errors: [403, 404],
    handler: async (req) => {
      const { nip } = req.params;
      const employee = /^\d{18}$/.test(nip) ? await getEmployee(req.deps, nip) : undefined;
      if (!employee) throw notFound('EMPLOYEE_NOT_FOUND', { nip });
      assertCanReadEmployee(req.actor, employee);
      return { status: 200, body: toProfile(employee), headers: { etag: etag(employee.version) } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/me',
    group,
    tag: 'Me',
    auth: 'jwt',
    operationId: 'me',
    summary: 'The caller: roles, profile and direct reports',
    responses: { 200: { description: 'The caller', schema: me } },
    errors: [404],
    handler: async (req) => {
      const employee = await getEmployee(req.deps, req.actor.nip);
      // Platform admins need not be employees of the agency they act for.
      if (employee && employee.agencyId !== req.actor.agencyId)
        throw notFound('PROFILE_NOT_FOUND', { nip: req.actor.nip });
      return {
        status: 200,
        body: {
          nip: req.actor.nip,
          agencyId: req.actor.agencyId,
          roles: req.actor.roles,
          isSupervisor: (employee?.directReports ?? 0) > 0,
          directReports: employee?.directReports ?? 0,
          profile: employee ? toProfile(employee) : null,
        },
      };
    },
  }),
];

export const handler = httpApi(routes);
