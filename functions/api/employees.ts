/** Employee profiles and the caller's own. One GetItem each. */

import { hasRole } from '#core/actor.ts';
import { assertCanReadEmployee } from '#core/authz.ts';
import { toProfile } from '#core/employee.ts';
import { notFound } from '#core/errors.ts';
import { listNotifications } from '../adapters/notification-store.ts';
import { getEmployee } from '../adapters/org-store.ts';
import { type AuthedCtx, httpApi } from '../http/edge.ts';
import { pageParams } from '../http/paging.ts';

const etag = (version: number) => `"v${version}"`;

export const handler = httpApi({
  /** Newest first; HR also see the agency's HR inbox (escalations of the last level). */
  'GET /v1/me/notifications': async (ctx: AuthedCtx) => {
    const { limit, cursor } = pageParams(ctx.query);
    const inboxes = [ctx.actor.nip, ...(hasRole(ctx.actor, 'HR') ? [`HR#${ctx.actor.agencyId}`] : [])];
    return { status: 200, body: await listNotifications(inboxes, limit, cursor) };
  },

  'GET /v1/employees/{nip}': async (ctx: AuthedCtx) => {
    const { nip } = ctx.params as { nip: string };
    const employee = /^\d{18}$/.test(nip) ? await getEmployee(nip) : undefined;
    if (!employee) throw notFound('EMPLOYEE_NOT_FOUND', { nip });
    assertCanReadEmployee(ctx.actor, employee);
    return { status: 200, body: toProfile(employee), headers: { etag: etag(employee.version) } };
  },

  'GET /v1/me': async (ctx: AuthedCtx) => {
    const employee = await getEmployee(ctx.actor.nip);
    // Platform admins need not be employees of the agency they act for.
    if (employee && employee.agencyId !== ctx.actor.agencyId)
      throw notFound('PROFILE_NOT_FOUND', { nip: ctx.actor.nip });
    return {
      status: 200,
      body: {
        nip: ctx.actor.nip,
        agencyId: ctx.actor.agencyId,
        roles: ctx.actor.roles,
        isSupervisor: (employee?.directReports ?? 0) > 0,
        directReports: employee?.directReports ?? 0,
        profile: employee ? toProfile(employee) : null,
      },
    };
  },
});
