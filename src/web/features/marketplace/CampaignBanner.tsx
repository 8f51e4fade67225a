import { Anchor, Button, FileButton, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Campaign, useRemoveCampaignBanner, useUploadCampaignBanner } from './market.api.ts';
import { marketError } from './parts.tsx';

/**
 * The campaign's banner, shown on its public landing page and the storefront's home: the office uploads,
 * replaces or removes it; officers see it. The server checks and re-encodes it like a product photo.
 */
export function CampaignBanner({ campaign, office }: { campaign: Campaign; office: boolean }) {
  const { t, i18n } = useTranslation();
  const upload = useUploadCampaignBanner(campaign.id);
  const remove = useRemoveCampaignBanner(campaign.id);
  const fail = (e: unknown) =>
    notifications.show({ color: 'red', message: marketError(t, e, i18n.language) });
  const banner = campaign.banner;
  return (
    <Paper radius="md" p="md" data-testid="campaign-banner">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} fz="h5">
          {t('market.campaigns.banner')}
        </Title>
        <Anchor href={`/belanja/kampanye/${campaign.slug}`} target="_blank" rel="noopener" size="sm">
          <Group gap={4} component="span">
            {t('market.campaigns.landingPage')}
            <IconExternalLink size={14} />
          </Group>
        </Anchor>
      </Group>
      <Stack gap="sm">
        {banner ? (
          <Image
            src={banner.url}
            srcSet={banner.srcset}
            sizes="(min-width: 62em) 720px, 100vw"
            alt={campaign.name}
            radius="sm"
            maw={720}
            style={{ aspectRatio: `${banner.width} / ${banner.height}` }}
            data-testid="banner-image"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('market.campaigns.noBanner')}
          </Text>
        )}
        {office && (
          <>
            <Text size="xs" c="dimmed">
              {t('market.campaigns.bannerHint')}
            </Text>
            <Group gap="sm">
              <FileButton
                accept="image/jpeg,image/png"
                onChange={(file) =>
                  file &&
                  upload.mutate(file, {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: t('market.campaigns.bannerSaved') }),
                    onError: fail,
                  })
                }
              >
                {(props) => (
                  <Button
                    {...props}
                    size="md"
                    variant="light"
                    leftSection={<IconPhotoUp size={18} />}
                    loading={upload.isPending}
                    data-testid="upload-banner"
                  >
                    {banner ? t('market.campaigns.replaceBanner') : t('market.campaigns.uploadBanner')}
                  </Button>
                )}
              </FileButton>
              {banner && (
                <Button
                  size="md"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={18} />}
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate(undefined, {
                      onSuccess: () =>
                        notifications.show({ color: 'teal', message: t('market.campaigns.bannerRemoved') }),
                      onError: fail,
                    })
                  }
                  data-testid="remove-banner"
                >
                  {t('market.campaigns.removeBanner')}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
