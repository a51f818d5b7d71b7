/** OpenAPI descriptions of the checkin routes (see checkin-routes.ts). */
import type { ZodOpenApiOperationObject } from 'zod-openapi';

export const checkinOperations: Record<string, ZodOpenApiOperationObject> = {};
