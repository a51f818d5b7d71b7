/** OpenAPI descriptions of the workflow routes (see workflow-routes.ts). */
import type { ZodOpenApiOperationObject } from 'zod-openapi';

export const workflowOperations: Record<string, ZodOpenApiOperationObject> = {};
