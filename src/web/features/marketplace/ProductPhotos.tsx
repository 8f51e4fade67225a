import { ActionIcon, Badge, Button, FileButton, Group, Image, Paper, SimpleGrid, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowRight, IconCamera, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FormSection } from '../../components/FormSection.tsx';
import { type Product, useDeletePhoto, useProductPhoto, useReorderPhotos } from './market.api.ts';
import { marketError } from './parts.tsx';

/** `ids` with the one at `from` moved to `to`. */
export function moved(ids: number[], from: number, to: number): number[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  next.splice(to, 0, id as number);
  return next;
}

/**
 * Photos: taken or chosen on the phone, re-encoded by the server. The first is the cover on the storefront's
 * cards; each photo moves one place earlier or later with buttons large enough for a thumb (no dragging).
 */
export function PhotosSection({ product }: { product: Product }) {
  const { t, i18n } = useTranslation();
  const add = useProductPhoto(product.id);
  const remove = useDeletePhoto(product.id);
  const reorder = useReorderPhotos(product.id);
  const ids = product.photos.map((p) => p.id);
  const fail = (e: unknown) =>
    notifications.show({ color: 'red', message: marketError(t, e, i18n.language) });
  const move = (from: number, to: number) => reorder.mutate(moved(ids, from, to), { onError: fail });
  const busy = reorder.isPending || remove.isPending;
  return (
    <FormSection title={t('market.productForm.photos')} description={t('market.productForm.photosHint')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="photos">
          {product.photos.map((p, i) => (
            <Paper key={p.id} radius="sm" withBorder style={{ overflow: 'hidden' }} data-testid="photo-tile">
              <div style={{ position: 'relative' }}>
                <Image
                  src={p.url}
                  srcSet={p.srcset}
                  sizes="200px"
                  alt={t('market.productForm.photoAlt', { n: i + 1 })}
                  h={130}
                  fit="cover"
                  data-testid="product-photo"
                />
                {i === 0 && (
                  <Badge pos="absolute" top={6} left={6} radius="sm" color="civic" data-testid="cover-badge">
                    {t('market.productForm.cover')}
                  </Badge>
                )}
              </div>
              <Group justify="space-between" gap={4} p={4} wrap="nowrap">
                <ActionIcon
                  size={44}
                  variant="light"
                  disabled={i === 0 || busy}
                  aria-label={t('market.productForm.moveEarlier', { n: i + 1 })}
                  onClick={() => move(i, i - 1)}
                  data-testid="photo-earlier"
                >
                  <IconArrowLeft size={20} />
                </ActionIcon>
                <ActionIcon
                  size={44}
                  variant="light"
                  color="red"
                  disabled={busy}
                  aria-label={t('market.productForm.removePhoto')}
                  onClick={() => remove.mutate(p.id, { onError: fail })}
                >
                  <IconTrash size={20} />
                </ActionIcon>
                <ActionIcon
                  size={44}
                  variant="light"
                  disabled={i === ids.length - 1 || busy}
                  aria-label={t('market.productForm.moveLater', { n: i + 1 })}
                  onClick={() => move(i, i + 1)}
                  data-testid="photo-later"
                >
                  <IconArrowRight size={20} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
        </SimpleGrid>
        <Group>
          <FileButton
            accept="image/jpeg,image/png"
            onChange={(file) =>
              file &&
              add.mutate(file, {
                onSuccess: () =>
                  notifications.show({ color: 'teal', message: t('market.productForm.photoAdded') }),
                onError: fail,
              })
            }
          >
            {(props) => (
              <Button
                size="md"
                variant="light"
                leftSection={<IconCamera size={18} />}
                loading={add.isPending}
                {...props}
                data-testid="add-photo"
              >
                {t('market.productForm.addPhoto')}
              </Button>
            )}
          </FileButton>
        </Group>
      </Stack>
    </FormSection>
  );
}
