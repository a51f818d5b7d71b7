/**
 * The S3 client, built once, traced, and the few things Siklus does with the evidence bucket:
 * presign an upload, presign a download, and look at what was uploaded. Locally S3_ENDPOINT
 * points at s3rver (path-style addressing; the runtime sets the S3RVER credentials). Presigned
 * URLs are signed on the wall clock: S3 (and s3rver) checks them against its own.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Observed } from '#core/evidence.ts';
import { env } from '../env.ts';
import { tracer } from '../observability.ts';

let client: S3Client | undefined;

export function s3(): S3Client {
  if (client) return client;
  const e = env();
  client = new S3Client({
    region: e.AWS_REGION,
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT, forcePathStyle: true } : {}),
    // Otherwise the SDK puts a CRC32 of the (empty) request into presigned PUT URLs, and S3
    // refuses the real upload whose body has another checksum.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  client = tracer.captureAWSv3Client(client);
  return client;
}

export const evidenceBucket = () => env().EVIDENCE_BUCKET;
/** HR's agency-wide files: generated reports, and import files under `imports/`. */
export const reportsBucket = () => env().REPORTS_BUCKET;

/** For tests and the local runtime, when the endpoint changes. */
export function resetS3(): void {
  client = undefined;
}

/**
 * A presigned PUT whose signature covers Content-Type and Content-Length: S3 refuses an upload
 * of another type or size. Computed locally (no request is sent).
 */
export async function presignUpload(
  key: string,
  declared: { contentType: string; size: number },
  expiresIn: number,
): Promise<string> {
  const command = new PutObjectCommand({
    Bucket: evidenceBucket(),
    Key: key,
    ContentType: declared.contentType,
    ContentLength: declared.size,
  });
  return getSignedUrl(s3(), command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/** A presigned GET that downloads under the file's own name. Computed locally. */
export async function presignDownload(
  key: string,
  fileName: string,
  contentType: string,
  expiresIn: number,
  versionId?: string,
): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: evidenceBucket(),
    Key: key,
    // The version that was checked: an upload over it later (same key) is never what is served.
    ...(versionId ? { VersionId: versionId } : {}),
    ResponseContentDisposition: `attachment; filename="${fileName}"`,
    ResponseContentType: contentType,
  });
  return getSignedUrl(s3(), command, { expiresIn });
}

/**
 * What is stored at `key`: total size, content type and the first `bytes` bytes, in ONE ranged
 * GetObject (a HeadObject would give size and type but not the bytes that show what the file
 * really is). Undefined when nothing is there.
 */
export async function observeObject(key: string, bytes: number): Promise<Observed | undefined> {
  try {
    const out = await s3().send(
      new GetObjectCommand({ Bucket: evidenceBucket(), Key: key, Range: `bytes=0-${bytes - 1}` }),
    );
    const head = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    // "bytes 0-15/482133" -> 482133; without a range (a tiny object) the length is the size.
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
    return {
      size: total ? Number(total) : (out.ContentLength ?? head.length),
      contentType: out.ContentType,
      head,
      ...(out.VersionId ? { versionId: out.VersionId } : {}),
    };
  } catch (err) {
    if (err instanceof NoSuchKey) return undefined;
    if (
      err instanceof S3ServiceException &&
      (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound')
    )
      return undefined;
    // A range past the end of a 0-byte object.
    if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 416)
      return { size: 0, contentType: undefined, head: new Uint8Array() };
    throw err;
  }
}

// ---- import files (reports bucket, `imports/<agencyId>/<jobId>.csv`) ------------------------------

const missing = (err: unknown) =>
  err instanceof NoSuchKey ||
  (err instanceof S3ServiceException &&
    (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound'));

/** A presigned PUT of a CSV file of exactly `size` bytes (type and length are signed). */
export async function presignImportUpload(key: string, size: number, expiresIn: number): Promise<string> {
  const command = new PutObjectCommand({
    Bucket: reportsBucket(),
    Key: key,
    ContentType: 'text/csv',
    ContentLength: size,
  });
  return getSignedUrl(s3(), command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/** The size of an uploaded import file (one HeadObject), or undefined. */
export async function importFileSize(key: string): Promise<number | undefined> {
  try {
    const out = await s3().send(new HeadObjectCommand({ Bucket: reportsBucket(), Key: key }));
    return out.ContentLength ?? 0;
  } catch (err) {
    if (missing(err)) return undefined;
    throw err;
  }
}

/** An import file's bytes (one GetObject), or undefined. */
export async function readImportFile(key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: reportsBucket(), Key: key }));
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (err) {
    if (missing(err)) return undefined;
    throw err;
  }
}
