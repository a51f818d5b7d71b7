/**
 * The reports bucket: files written as they are produced, in parts (S3 multipart upload: the
 * parts in flight are the only memory a file takes, whatever its size), hashed (SHA-256) on the
 * way; a small file is one PutObject. Downloads are presigned GETs (computed, no request).
 */
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { reportRules } from '#config/reports.ts';
import type { FileSink, ReportFiles } from '#core/ports.ts';
import { env } from '../env.ts';
import { s3 } from './s3.ts';

export const reportsBucket = () => env().REPORTS_BUCKET;

export interface SinkOptions {
  partBytes?: number;
  partsInFlight?: number;
}

export function openReportFile(key: string, contentType: string, options: SinkOptions = {}): FileSink {
  const partBytes = options.partBytes ?? reportRules.partBytes;
  const inFlightMax = options.partsInFlight ?? reportRules.partsInFlight;
  const hash = createHash('sha256');
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let uploadId: string | undefined;
  let partNumber = 0;
  const parts: { PartNumber: number; ETag: string }[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let finished = false;

  const check = () => {
    if (failure) throw failure;
    if (finished) throw new Error(`report file ${key} is already closed`);
  };

  async function sendPart(last: boolean) {
    if (!pendingBytes && !last) return;
    const body = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    uploadId ??= (
      await s3().send(
        new CreateMultipartUploadCommand({ Bucket: reportsBucket(), Key: key, ContentType: contentType }),
      )
    ).UploadId;
    const number = ++partNumber;
    const upload = s3()
      .send(
        new UploadPartCommand({
          Bucket: reportsBucket(),
          Key: key,
          UploadId: uploadId,
          PartNumber: number,
          Body: body,
          ContentLength: body.length,
        }),
      )
      .then((out) => {
        parts.push({ PartNumber: number, ETag: out.ETag! });
      })
      .catch((err: unknown) => {
        failure ??= err;
      });
    inFlight.add(upload);
    void upload.finally(() => inFlight.delete(upload));
    while (inFlight.size >= inFlightMax) await Promise.race(inFlight);
    if (failure) throw failure;
  }

  return {
    async write(chunk) {
      check();
      if (!chunk.length) return;
      const b = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hash.update(b);
      bytes += b.length;
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= partBytes) await sendPart(false);
    },
    async close() {
      check();
      finished = true;
      const sha256 = hash.digest('hex');
      if (uploadId === undefined) {
        // Smaller than one part: a single PutObject.
        const out = await s3().send(
          new PutObjectCommand({
            Bucket: reportsBucket(),
            Key: key,
            ContentType: contentType,
            Body: Buffer.concat(pending, pendingBytes),
          }),
        );
        return { bytes, sha256, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
      }
      if (pendingBytes) await sendPart(true);
      await Promise.all(inFlight);
      if (failure) throw failure;
      parts.sort((a, b) => a.PartNumber - b.PartNumber);
      const out = await s3().send(
        new CompleteMultipartUploadCommand({
          Bucket: reportsBucket(),
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return { bytes, sha256, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
    },
    async abort() {
      finished = true;
      pending = [];
      await Promise.allSettled(inFlight);
      if (uploadId)
        await s3()
          .send(new AbortMultipartUploadCommand({ Bucket: reportsBucket(), Key: key, UploadId: uploadId }))
          .catch(() => {});
    },
  };
}

/** A presigned GET of a report file, downloading under its own name. Computed locally. */
export async function presignReportDownload(
  key: string,
  fileName: string,
  contentType: string,
  expiresIn: number,
  versionId?: string,
): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: reportsBucket(),
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
    ResponseContentDisposition: `attachment; filename="${fileName}"`,
    ResponseContentType: contentType,
  });
  return getSignedUrl(s3(), command, { expiresIn });
}

export const reportFiles: ReportFiles = {
  open: (key, type) => openReportFile(key, type),
  presignDownload: presignReportDownload,
};
