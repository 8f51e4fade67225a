import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';

/**
 * Uploaded documents and photos, the one mechanism every module uses: bounded in size, the type told from
 * the bytes (never from the name or the header the client sent), stored under `<dataDir>/uploads/<area>/`.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export const UPLOAD_KINDS = [
  { type: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
] as const;
export type UploadType = (typeof UPLOAD_KINDS)[number]['type'];

/** Content types a route accepts as a raw upload body (the bytes decide what it really is). */
export const UPLOAD_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'application/pdf',
  'application/octet-stream',
];

export interface StoredUpload {
  path: string;
  type: UploadType;
  bytes: number;
}

/**
 * Checks an upload and writes it to `<dataDir>/uploads/<folder...>/<uuid>.<ext>`. `accept` narrows the
 * kinds (e.g. photos only); `field` names the field in the Indonesian error. The caller records the path in
 * its transaction and removes the file (`discardUpload`) if that transaction fails.
 */
export function storeUpload(
  config: Pick<Config, 'dataDir'>,
  folder: string[],
  content: Buffer,
  {
    accept = UPLOAD_KINDS.map((k) => k.type),
    field = 'berkas',
  }: { accept?: readonly UploadType[]; field?: string } = {},
): StoredUpload {
  const kind = checkUpload(content, { accept, field });
  const dir = path.join(config.dataDir, 'uploads', ...folder);
  fs.mkdirSync(dir, { recursive: true });
  const storagePath = path.join(dir, `${randomUUID()}.${kind.ext}`);
  fs.writeFileSync(storagePath, content);
  return { path: storagePath, type: kind.type, bytes: content.length };
}

/**
 * The checks of `storeUpload` without storing: not empty, within the size bound, and of an accepted kind
 * told from its bytes. For a module that transforms the bytes before keeping them (marketplace photos).
 */
export function checkUpload(
  content: Buffer,
  {
    accept = UPLOAD_KINDS.map((k) => k.type),
    field = 'berkas',
  }: { accept?: readonly UploadType[]; field?: string } = {},
): (typeof UPLOAD_KINDS)[number] {
  if (content.length === 0) throw new AppError('FileEmpty', 400, `${field}: berkas kosong.`);
  if (content.length > MAX_UPLOAD_BYTES)
    throw new AppError('PayloadTooLarge', 413, `${field}: berkas terlalu besar (maksimal 5 MB).`);
  const kind = UPLOAD_KINDS.find(
    (t) => accept.includes(t.type) && t.magic.every((byte, i) => content[i] === byte),
  );
  if (!kind) {
    const names = accept.map((t) => (t === 'application/pdf' ? 'PDF' : t === 'image/png' ? 'PNG' : 'JPEG'));
    throw new AppError('FileType', 415, `${field}: berkas harus berupa ${names.join('/')}.`);
  }
  return kind;
}

export function discardUpload(stored: StoredUpload | null | undefined): void {
  if (stored) fs.rmSync(stored.path, { force: true });
}
