/** Employee profiles, the caller's own, and the caller's notifications. One read each. */
import * as z from 'zod';
import { actionKinds, hrInbox } from '#core/action-items.ts';
import { hasRole } from '#core/actor.ts';
import { assertCanReadEmployee } from '#core/authz.ts';
import { employeeProfile, toProfile } from '#core/employee.ts';
import { notFound } from '#core/errors.ts';
import { httpApi } from '../http/edge.ts';
import { nipParam, pageOf, pageQuery } from '../http/params.ts';
import { defineRoute } from '../http/route.ts';
import { listNotifications } from '../use-cases/notifications.ts';
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

const notification = z
  .object({
    noticeId: z.string(),
    kind: z.enum(['REMINDER', 'ESCALATION', 'RESULT_DELIVERED']),
    level: z.number().int().optional(),
    reminder: z.number().int().optional(),
    pendingKind: z.enum(actionKinds).optional(),
    dueAt: z.string().optional(),
    subject: z.record(z.string(), z.unknown()),
    title: z.string(),
    body: z
      .string()
      .meta({ description: 'Bahasa Indonesia, the deadline in the agency time (WIB/WITA/WIT).' }),
    bodyEn: z.string(),
    createdAt: z.string(),
    recipient: z.string().meta({ description: 'The caller, or `HR#<agencyId>` for the agency HR inbox.' }),
  })
  .meta({ id: 'Notification' });

export const routes = [
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
      const inboxes = [req.actor.nip, ...(hasRole(req.actor, 'HR') ? [hrInbox(req.actor.agencyId)] : [])];
      const page = await listNotifications(req.deps, inboxes, req.query);
      return { status: 200, body: { items: page.items, nextCursor: page.cursor } };
    },
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
