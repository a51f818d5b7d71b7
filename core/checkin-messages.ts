/** Message catalog entries of the checkin capability (merged into core/messages.ts). */
export const checkinMessages: Record<string, { id: string; en: string }> = {};
