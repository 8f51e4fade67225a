import { Avatar, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBrandWhatsapp, IconPhone, IconUserHeart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { initialsOf } from '../../components/format.ts';
import type { MyBusiness } from './owner.api.ts';

/** An Indonesian phone number as WhatsApp's link wants it: country code, digits only (0812… → 62812…). */
export function whatsappLink(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const international = digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
  return `https://wa.me/${international}`;
}

/** The owner's mentor: who, from which institution, and two large buttons to reach them. */
export function MentorContact({ mentor, framed = true }: { mentor: MyBusiness['mentor']; framed?: boolean }) {
  const { t } = useTranslation();
  const body = (
    <Stack gap="sm" data-testid="mentor-contact">
      <Group gap="xs" wrap="nowrap">
        <IconUserHeart size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('ownerView.mentor')}
        </Title>
      </Group>
      {mentor ? (
        <>
          <Group gap="sm" wrap="nowrap">
            <Avatar color="civic" radius="xl" size="lg">
              {initialsOf(mentor.name)}
            </Avatar>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={650} className="break-anywhere">
                {mentor.name}
              </Text>
              {mentor.institutionName && (
                <Text size="sm" c="dimmed" className="break-anywhere">
                  {mentor.institutionName}
                </Text>
              )}
            </Stack>
          </Group>
          {mentor.phone && (
            <Group grow gap="xs">
              <Button
                component="a"
                href={`tel:${mentor.phone}`}
                variant="light"
                size="md"
                leftSection={<IconPhone size={18} />}
              >
                {t('ownerView.call')}
              </Button>
              <Button
                component="a"
                href={whatsappLink(mentor.phone)}
                target="_blank"
                rel="noopener noreferrer"
                variant="light"
                color="teal"
                size="md"
                leftSection={<IconBrandWhatsapp size={18} />}
              >
                {t('ownerView.whatsapp')}
              </Button>
            </Group>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('ownerView.noMentor')}
        </Text>
      )}
    </Stack>
  );
  return framed ? (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
      {body}
    </Paper>
  ) : (
    body
  );
}
