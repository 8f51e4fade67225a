import './texts.ts';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OneTimePassword } from '../../components/OneTimePassword.tsx';
import type { CreatedMentor } from './mentors.api.ts';

/** After creating a mentor: the one-time password, shown once, and the way to their page. */
export function CreatedMentorDialog({
  created,
  onDone,
  onOpen,
}: {
  created: CreatedMentor;
  onDone: () => void;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text size="sm">{t('mentors.created', { name: created.mentor.name })}</Text>
      <OneTimePassword password={created.oneTimePassword} email={created.mentor.email} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.done')}
        </Button>
        <Button onClick={onOpen}>{t('mentors.openPage')}</Button>
      </Group>
    </Stack>
  );
}
