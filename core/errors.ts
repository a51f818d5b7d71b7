/**
 * Domain errors. The edge (functions/http) maps them to HTTP by `kind`, never by message text.
 * Messages are not stored here: `code` + `params` are rendered in the caller's language by
 * core/messages.ts.
 */
export type ErrorKind =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'GONE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL';

export type Params = Record<string, string | number>;

/** One problem with one field (and, for CSV imports, one row). */
export interface FieldIssue {
  path: string;
  code: string;
  /** Already-rendered message (zod's locale), or undefined to render `code` from the catalog. */
  message?: string;
  params?: Params;
  /** The spreadsheet row of a CSV file (the header is row 1). */
  row?: number;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly params: Params = {},
    readonly issues: FieldIssue[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const httpStatusOf: Record<ErrorKind, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  GONE: 410,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_REQUIRED: 428,
  INTERNAL: 500,
};

export const validationFailed = (issues: FieldIssue[], code = 'VALIDATION_FAILED') =>
  new DomainError('UNPROCESSABLE', code, { count: issues.length }, issues);
export const notFound = (code: string, params: Params = {}) => new DomainError('NOT_FOUND', code, params);
export const forbidden = (code = 'FORBIDDEN', params: Params = {}) =>
  new DomainError('FORBIDDEN', code, params);
export const conflict = (code: string, params: Params = {}) => new DomainError('CONFLICT', code, params);
export const unauthenticated = (code = 'UNAUTHENTICATED') => new DomainError('UNAUTHENTICATED', code);
