import type { Config } from '../../config.ts';
import { notFound } from '../../http/errors.ts';
import type { Actor } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCampaign, getCampaign } from './campaigns.service.ts';
import type { DB } from './common.ts';
import { discardPhoto, storePhoto } from './photos.ts';

/**
 * A campaign's banner goes through the product photos' pipeline (photos.ts): type from the bytes, size and
 * pixel bounds, re-encoded with sharp to 320/640/1200 px WebP and JPEG with the metadata dropped. A new banner
 * replaces the old one, whose files go once the change is committed; removing it leaves the campaign without.
 */
export async function setCampaignBanner(db: DB, config: Config, actor: Actor, id: number, content: Buffer) {
  await findCampaign(db, id);
  const banner = await storePhoto(config, content, 'banner');
  let replaced: string | null;
  try {
    replaced = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('campaign')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Kampanye');
      await trx
        .updateTable('campaign')
        .set({
          banner_key: banner.key,
          banner_width: banner.width,
          banner_height: banner.height,
          banner_widths: banner.widths,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: before.banner_key ? 'replace_banner' : 'add_banner',
        entity: 'campaign',
        entityId: id,
        oldValues: { banner_key: before.banner_key },
        newValues: { banner_key: banner.key, width: banner.width, height: banner.height },
      });
      return before.banner_key;
    });
  } catch (error) {
    discardPhoto(config, banner);
    throw error;
  }
  if (replaced) discardPhoto(config, { key: replaced });
  return getCampaign(db, config, id);
}

export async function removeCampaignBanner(db: DB, config: Config, actor: Actor, id: number) {
  const removed = await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('campaign')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('Kampanye');
    if (!before.banner_key) return null;
    await trx
      .updateTable('campaign')
      .set({
        banner_key: null,
        banner_width: null,
        banner_height: null,
        banner_widths: null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'remove_banner',
      entity: 'campaign',
      entityId: id,
      oldValues: { banner_key: before.banner_key },
      newValues: { banner_key: null },
    });
    return before.banner_key;
  });
  if (removed) discardPhoto(config, { key: removed });
  return getCampaign(db, config, id);
}
