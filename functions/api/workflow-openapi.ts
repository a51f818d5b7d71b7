/** OpenAPI descriptions of the workflow routes (see workflow-routes.ts). */
import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { ok } from './openapi-helpers.ts';

const notification = z
  .looseObject({
    kind: z.enum(['REMINDER', 'ESCALATION']),
    level: z.number().int().optional(),
    pendingKind: z.string(),
    dueAt: z.string(),
    title: z.string(),
    body: z.string().meta({ description: 'Bahasa Indonesia, deadline in the agency time (WIB/WITA/WIT).' }),
    bodyEn: z.string(),
    createdAt: z.string(),
    recipient: z.string().meta({ description: 'The caller, or `HR#<agencyId>` for the agency HR inbox.' }),
  })
  .meta({ id: 'Notification' });

export const workflowOperations: Record<string, ZodOpenApiOperationObject> = {
  'GET /v1/me/notifications': {
    operationId: 'myNotifications',
    summary:
      'Reminders and escalations addressed to the caller (and, for HR, to the agency HR inbox), newest first',
    requestParams: { query: z.object({ limit: z.number().int().optional(), cursor: z.string().optional() }) },
    responses: {
      200: ok('Notifications', z.object({ items: z.array(notification), nextCursor: z.string().nullable() })),
    },
  },
};
