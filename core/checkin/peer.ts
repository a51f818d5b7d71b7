/**
 * 360 input on the BerAKHLAK values: the appraiser asks peers of the same agency; each peer owes
 * an answer (an action item on a small item of its own); the appraiser, those above and HR see
 * the answers, named or anonymous as the agency is configured. The peer is told which before
 * answering, and the owner sees only how many answered.
 *
 *   REQUESTED --GIVE--> GIVEN --GIVE--> GIVEN   (by the peer asked, and no one else)
 */
import * as z from 'zod';
import { checkinRules } from '#config/checkin.ts';
import type { Actor } from '../actor.ts';
import { canonicalJson } from '../audit.ts';
import { nipString } from '../employee.ts';
import { DomainError, type FieldIssue, forbidden, notFound, validationFailed } from '../errors.ts';
import { and, eq, holds } from '../expr.ts';
import { defineMachine } from '../machine.ts';
import { berakhlak } from '../skp/content.ts';
import { canReadSkp } from '../skp/machine.ts';
import type { CheckinWindow } from './content.ts';

export type PeerStatus = 'REQUESTED' | 'GIVEN';
export type Visibility = 'ANONYMOUS' | 'NAMED';
export const ratings = ['DI_ATAS', 'SESUAI', 'DI_BAWAH'] as const;

export const peerRequestInput = z
  .object({ peerNips: z.array(nipString).min(1).max(checkinRules.maxPeersPerRequest) })
  .strict()
  .meta({ id: 'PeerRequestInput' });

export const peerInputInput = z
  .object({
    values: z
      .array(
        z
          .object({
            value: z.enum(berakhlak),
            rating: z.enum(ratings).optional().meta({ description: 'Above, as, or below expectation.' }),
            text: z.string().trim().min(1).max(1000).optional(),
          })
          .strict()
          .refine((v) => v.rating !== undefined || v.text !== undefined, {
            message: 'PEER_VALUE_EMPTY',
            path: ['text'],
          }),
      )
      .min(1)
      .max(7),
    general: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .meta({ id: 'PeerInputInput' });
export type PeerInputInput = z.infer<typeof peerInputInput>;

export const visibilityOf = (agencyId: string): Visibility =>
  checkinRules.peerInputVisibility.agencies[agencyId] ?? checkinRules.peerInputVisibility.default;

/** The facts a stored peer request carries. */
export interface PeerRequestFacts {
  skpId: string;
  period: string;
  agencyId: string;
  ownerNip: string;
  peerNip: string;
  status: PeerStatus;
  version: number;
}

/**
 * A peer request's lifecycle: only the peer asked sees or answers it (to anyone else it does not
 * exist), and may revise the answer.  REQUESTED --GIVE--> GIVEN --GIVE--> GIVEN
 */
export const peerMachine = defineMachine<
  PeerStatus,
  'PEER',
  { type: 'GIVE' },
  { skpId: string; period: string }
>({
  kind: 'PEER_REQUEST',
  statuses: ['REQUESTED', 'GIVEN'],
  visible: (a, ctx) =>
    and(eq('skpId', ctx.skpId), eq('period', ctx.period), eq('agencyId', a.agencyId), eq('peerNip', a.nip)),
  notFound: (ids) => new DomainError('NOT_FOUND', 'PEER_REQUEST_NOT_FOUND', ids),
  idsOf: (doc) => ({ skpId: String(doc.skpId), period: String(doc.period) }),
  roles: { PEER: (a) => eq('peerNip', a.nip) },
  roleError: () => new DomainError('NOT_FOUND', 'PEER_REQUEST_NOT_FOUND'),
  illegal: (command, status) =>
    new DomainError('CONFLICT', 'CHECKIN_ILLEGAL_TRANSITION', { command, status }),
  commands: { GIVE: { by: ['PEER'], from: ['REQUESTED', 'GIVEN'], to: 'GIVEN' } },
});

export const canReadPeerRequest = (
  actor: Actor,
  doc: Readonly<Record<string, unknown>> | undefined,
  ids: { skpId: string; period: string },
) => doc !== undefined && holds(peerMachine.def.visible(actor, ids), doc);

export function assertDistinctPeerValues(input: PeerInputInput): void {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  input.values.forEach((v, i) => {
    if (seen.has(v.value)) issues.push({ path: `values[${i}].value`, code: 'DUPLICATE_ID' });
    seen.add(v.value);
  });
  if (issues.length) throw validationFailed(issues);
}

/** What the request needs from the SKP (read with the peers' profiles in one round trip). */
export interface SkpForPeers {
  skpId: string;
  agencyId: string;
  ownerNip: string;
  appraiserNip: string | null;
  managerChain: readonly string[];
  approvedContent?: unknown;
}

/**
 * Whether the appraiser may ask these peers now: the SKP's appraiser, an approved SKP, the
 * period begun, peers distinct, of the same agency, neither the owner nor the appraiser.
 * Returns the peers with their names.
 */
export function planPeerRequest(
  skp: SkpForPeers,
  actor: Actor,
  peerNips: readonly string[],
  profiles: ReadonlyMap<string, { agencyId: string; name: string }>,
  window: Pick<CheckinWindow, 'opensAt' | 'opensAtMs'>,
  now: Date,
): { peerNip: string; peerName: string }[] {
  if (!canReadSkp(actor, skp as unknown as Record<string, unknown>))
    throw notFound('SKP_NOT_FOUND', { skpId: skp.skpId });
  if (skp.appraiserNip === null || actor.nip !== skp.appraiserNip) throw forbidden('CHECKIN_APPRAISER_ONLY');
  if (!skp.approvedContent) throw new DomainError('CONFLICT', 'SKP_NOT_APPROVED', { skpId: skp.skpId });
  if (now.getTime() < window.opensAtMs)
    throw new DomainError('CONFLICT', 'CHECKIN_NOT_OPEN_YET', { opensAt: window.opensAt });
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const peers = peerNips.map((nip, i) => {
    const path = `peerNips[${i}]`;
    const p = profiles.get(nip);
    if (seen.has(nip)) issues.push({ path, code: 'DUPLICATE_ID' });
    else if (nip === skp.ownerNip) issues.push({ path, code: 'PEER_IS_OWNER' });
    else if (nip === actor.nip) issues.push({ path, code: 'PEER_IS_APPRAISER' });
    // Unknown and another agency's NIP read the same: nothing about other agencies leaks.
    else if (!p || p.agencyId !== skp.agencyId)
      issues.push({ path, code: 'PEER_NOT_IN_AGENCY', params: { nip } });
    seen.add(nip);
    return { peerNip: nip, peerName: p?.name ?? '' };
  });
  if (issues.length) throw validationFailed(issues);
  return peers;
}

export interface PeerAnswer {
  values: { value: (typeof berakhlak)[number]; rating?: (typeof ratings)[number]; text?: string }[];
  general?: string;
}

export interface StoredPeerRequest extends PeerRequestFacts {
  peerName: string;
  anonymous: boolean;
  requestedAt: string;
  requestedBy: string;
  answer?: PeerAnswer;
  givenAt?: string;
  /** When the peer first answered (a revision changes `givenAt`, never this). */
  firstGivenAt?: string;
}

/**
 * Peer input as a reader of the check-in sees it. The owner: how many were asked and answered.
 * The appraiser, those above and HR: NAMED answers with the peer's name; ANONYMOUS answers only
 * in groups of `peerAnonymityThreshold` (3) per check-in, whichever requests they came from, the
 * first three to answer, then the first six, and so on, in an order that says nothing about who
 * or when. Asking one peer at a time and watching the view therefore never singles anyone out:
 * a new answer shows only together with at least two others that appeared at the same moment.
 * `asked` lists whom the appraiser asked (they chose them) with no status, time or answer for an
 * anonymous request; `anonymousWithheld` says how many anonymous answers wait for their group.
 */
export function peerInputView(
  actor: Actor,
  checkin: { ownerNip: string },
  requests: readonly StoredPeerRequest[],
) {
  const given = requests.filter((r) => r.status === 'GIVEN' && r.answer);
  const summary = { requested: requests.length, given: given.length };
  if (actor.nip === checkin.ownerNip) return summary;
  const named = given.filter((r) => !r.anonymous);
  const k = checkinRules.peerAnonymityThreshold;
  // Released in order of each peer's first answer (a revision keeps its place), in whole groups.
  const byFirstAnswer = given
    .filter((r) => r.anonymous)
    .sort(
      (a, b) =>
        (a.firstGivenAt ?? a.givenAt ?? '').localeCompare(b.firstGivenAt ?? b.givenAt ?? '') ||
        a.peerNip.localeCompare(b.peerNip),
    );
  const released = byFirstAnswer.slice(0, Math.floor(byFirstAnswer.length / k) * k);
  const anonymous = released
    .map((r) => ({ anonymous: true as const, ...r.answer! }))
    .sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
  return {
    ...summary,
    anonymousWithheld: byFirstAnswer.length - released.length,
    asked: requests
      .map((r) => ({
        peerNip: r.peerNip,
        peerName: r.peerName,
        ...(r.anonymous ? {} : { status: r.status }),
      }))
      .sort((a, b) => a.peerNip.localeCompare(b.peerNip)),
    inputs: [
      ...named.map((r) => ({
        anonymous: false as const,
        peerNip: r.peerNip,
        peerName: r.peerName,
        givenAt: r.givenAt,
        ...r.answer!,
      })),
      ...anonymous,
    ],
  };
}
