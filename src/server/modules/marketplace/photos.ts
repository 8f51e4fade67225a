import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { PHOTO_WIDTHS } from '../../../shared/marketplace.ts';
import type { Config } from '../../config.ts';
import { checkUpload } from '../../files/uploads.ts';
import { AppError } from '../../http/errors.ts';

/**
 * The marketplace's photo pipeline: the upload rules of `files/uploads.ts` (size bound, type from the bytes),
 * then a bound on pixels (a small file can decode to gigabytes: a decompression bomb), then re-encoding with
 * sharp to a few widths in WebP and JPEG. sharp writes no metadata unless told to, so EXIF (GPS, camera) is
 * dropped; the orientation it carried is applied first. The original bytes are never kept.
 */
export const MAX_PHOTO_PIXELS = 40_000_000;
const MIN_PHOTO_SIDE = 64;

export interface StoredPhoto {
  key: string;
  width: number;
  height: number;
  widths: number[];
}

export const PHOTO_FORMATS = ['webp', 'jpg'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

/** `<key>-<width>.<format>`: the only file names the photo route serves. */
export const PHOTO_FILE = /^([a-f0-9]{32})-(320|640|1200)\.(webp|jpg)$/;

export function photoDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'uploads', 'marketplace');
}

export function photoPath(config: Pick<Config, 'dataDir'>, key: string, width: number, format: PhotoFormat) {
  return path.join(photoDir(config), `${key}-${width}.${format}`);
}

export async function storePhoto(
  config: Pick<Config, 'dataDir'>,
  content: Buffer,
  field = 'foto',
): Promise<StoredPhoto> {
  checkUpload(content, { accept: ['image/jpeg', 'image/png'], field });
  let meta: Metadata;
  try {
    meta = await sharp(content).metadata();
  } catch {
    throw unreadable(field);
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  if (width * height > MAX_PHOTO_PIXELS) {
    throw new AppError(
      'PhotoTooLarge',
      413,
      `${field}: gambar terlalu besar (${width}×${height} piksel; maksimal ${MAX_PHOTO_PIXELS / 1_000_000} megapiksel).`,
    );
  }
  if (width < MIN_PHOTO_SIDE || height < MIN_PHOTO_SIDE) {
    throw new AppError(
      'PhotoTooSmall',
      400,
      `${field}: gambar terlalu kecil (minimal ${MIN_PHOTO_SIDE}×${MIN_PHOTO_SIDE} piksel).`,
    );
  }

  const key = randomBytes(16).toString('hex');
  const widths = PHOTO_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(PHOTO_WIDTHS[0]);
  fs.mkdirSync(photoDir(config), { recursive: true });
  const stored: StoredPhoto = { key, width, height, widths };
  try {
    const base = sharp(content, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error' }).rotate();
    for (const w of widths) {
      const resized = base.clone().resize({ width: w, withoutEnlargement: true });
      await resized
        .clone()
        .webp({ quality: 78 })
        .toFile(photoPath(config, key, w, 'webp'));
      await resized
        .clone()
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80, mozjpeg: true })
        .toFile(photoPath(config, key, w, 'jpg'));
    }
  } catch {
    discardPhoto(config, stored);
    throw unreadable(field);
  }
  return stored;
}

/** Removes a photo's files (a failed transaction, a deleted photo). */
export function discardPhoto(
  config: Pick<Config, 'dataDir'>,
  photo: Pick<StoredPhoto, 'key'> | null | undefined,
) {
  if (!photo) return;
  for (const w of PHOTO_WIDTHS) {
    for (const f of PHOTO_FORMATS) fs.rmSync(photoPath(config, photo.key, w, f), { force: true });
  }
}

function unreadable(field: string) {
  return new AppError('FileType', 415, `${field}: berkas bukan gambar JPEG/PNG yang dapat dibaca.`);
}
