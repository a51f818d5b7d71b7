/** Message catalog entries of the workflow capability (merged into core/messages.ts). */
export const workflowMessages: Record<string, { id: string; en: string }> = {};
