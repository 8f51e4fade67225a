import type { Config } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { DB } from './common.ts';
import { getProduct, ownProduct } from './products.service.ts';

/**
 * The seller puts a product's photos in a new order (the first is the cover on cards and in link previews).
 * The list must name every photo of the product exactly once, so a photo of another product, a stale list
 * (a photo added or removed meanwhile) or a repeated id changes nothing. One transaction with the audit entry.
 */
export async function reorderProductPhotos(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  photoIds: number[],
) {
  const product = await ownProduct(db, config, user, id);
  await db.transaction().execute(async (trx) => {
    // Locks the product's photos: two reorders (or a reorder and an upload) of one product run one after the other.
    await trx.selectFrom('product').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    const current = await trx
      .selectFrom('product_photo')
      .select(['id', 'position'])
      .where('product_id', '=', id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const known = new Set(current.map((p) => p.id));
    const wrong = photoIds.filter((p) => !known.has(p));
    if (wrong.length > 0) {
      throw new AppError('PhotoUnknown', 400, `Foto ${wrong.join(', ')} bukan milik produk ini.`, {
        errors: [{ path: 'body.photoIds', message: 'Ada foto yang bukan milik produk ini.' }],
      });
    }
    if (new Set(photoIds).size !== photoIds.length || photoIds.length !== current.length) {
      throw new AppError(
        'PhotoListStale',
        409,
        'Urutan foto harus memuat setiap foto produk tepat satu kali; muat ulang halaman lalu coba lagi.',
        { errors: [{ path: 'body.photoIds', message: 'Daftar foto tidak lengkap atau berulang.' }] },
      );
    }
    for (const [position, photoId] of photoIds.entries()) {
      await trx.updateTable('product_photo').set({ position }).where('id', '=', photoId).execute();
    }
    await recordAudit(trx, actor, {
      action: 'reorder_photos',
      entity: 'product',
      entityId: id,
      areaCode: product.kelurahan_code,
      oldValues: { photo_ids: current.map((p) => p.id) },
      newValues: { photo_ids: photoIds },
    });
  });
  return getProduct(db, config, user, id);
}
