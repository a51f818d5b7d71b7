/**
 * A route, defined once: method, path, who may call it, its inputs and outputs as zod schemas,
 * the errors it answers, and its handler. The CDK routes, the local server, each Lambda's router
 * and the OpenAPI document all come from these definitions.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import type { Actor } from '#core/actor.ts';
import type { DomainError } from '#core/errors.ts';
import type { Lang } from '#core/messages.ts';
import type { Deps } from '#core/ports.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Auth = 'jwt' | 'none';

/** Statuses a route may answer beyond its successes (each documented as problem+json). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 428 | 429 | 500;

export interface ResponseDef {
  readonly description: string;
  /** The body's schema: an allow-list (unknown fields never leave). Absent: no JSON body. */
  readonly schema?: z.ZodType;
  /** A body of another type (a PDF, a CSV). */
  readonly contentType?: string;
  /** Other types the same response may have (the handler sets Content-Type). */
  readonly alsoContentTypes?: readonly string[];
  /** Headers the response carries. */
  readonly headers?: readonly (
    | 'etag'
    | 'location'
    | 'cache-control'
    | 'content-disposition'
    | 'content-security-policy'
  )[];
}

export interface Body<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /**
   * Default application/json. A form arrives as an object of its fields (strings). A file upload
   * names the media types it takes instead; its handler gets the bytes as sent (`FileBody`) and
   * the schema is `fileBody`.
   */
  readonly contentType?: 'application/json' | 'application/x-www-form-urlencoded' | readonly FileType[];
  readonly description?: string;
}

/** Media types of uploads: the document says of each whether it is text or binary. */
export interface FileType {
  readonly type: string;
  readonly binary: boolean;
  readonly description?: string;
}

/** An uploaded file: its bytes, and the Content-Type it came with (charset included). */
export interface FileBody {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

export const fileBody = z.custom<FileBody>(
  (v) => typeof v === 'object' && v !== null && (v as FileBody).bytes instanceof Uint8Array,
);

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface Req<P, Q, B> {
  readonly event: APIGatewayProxyEventV2;
  readonly lang: Lang;
  readonly now: Date;
  readonly deps: Deps;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  header(name: string): string | undefined;
}

export interface AuthedReq<P, Q, B> extends Req<P, Q, B> {
  readonly actor: Actor;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  A extends Auth = Auth,
> {
  readonly method: Method;
  readonly path: string;
  /** The Lambda function that serves it (functions/api/groups.ts). */
  readonly group: string;
  readonly auth: A;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  /** Request headers it reads, documented (If-Match, Idempotency-Key). */
  readonly headers?: z.ZodObject;
  readonly body?: B extends z.ZodType ? Body<B> : undefined;
  readonly responses: Readonly<Record<number, ResponseDef>>;
  readonly errors: readonly ErrorStatus[];
  /**
   * Pages for people, not programs (the public survey): every refusal is answered with this
   * page (its status from the error's kind) instead of problem+json.
   */
  readonly errorPage?: (
    err: DomainError,
    lang: Lang,
    event: APIGatewayProxyEventV2,
  ) => { contentType: string; body: string; headers?: Record<string, string> };
  readonly handler: (
    req: A extends 'jwt' ? AuthedReq<Infer<P>, Infer<Q>, Infer<B>> : Req<Infer<P>, Infer<Q>, Infer<B>>,
  ) => Promise<Reply>;
}

export type AnyRoute = RouteDef<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, Auth>;

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  A extends Auth = 'jwt',
>(def: RouteDef<P, Q, B, A>): AnyRoute {
  return def as unknown as AnyRoute;
}

export const routeKeyOf = (r: Pick<AnyRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;
