import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBuildingCommunity, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { formatDate } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCreateInstitution, useInstitutions } from './institutions.api.ts';

export function InstitutionsPage() {
  const { t, i18n } = useTranslation();
  const institutions = useInstitutions();
  const [creating, createModal] = useDisclosure(false);

  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
      {t('institutions.add')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('institutions.title')}
        description={t('institutions.description')}
        actions={addButton}
      />
      {institutions.isPending ? (
        <SkeletonRows rows={4} />
      ) : institutions.isError ? (
        <ErrorAlert error={institutions.error} onRetry={() => institutions.refetch()} />
      ) : institutions.data.length === 0 ? (
        <Paper radius="md">
          <EmptyMessage
            icon={<IconBuildingCommunity size={28} />}
            title={t('institutions.emptyTitle')}
            description={t('institutions.empty')}
            action={addButton}
          />
        </Paper>
      ) : (
        <Paper radius="md" style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={420}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('institutions.name')}</Table.Th>
                  <Table.Th ta="right">{t('institutions.mentors')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('institutions.registered')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {institutions.data.map((institution) => (
                  <Table.Tr key={institution.id}>
                    <Table.Td fw={500}>{institution.name}</Table.Td>
                    <Table.Td ta="right">
                      <Badge variant="light" radius="sm">
                        {institution.mentors}
                      </Badge>
                    </Table.Td>
                    <Table.Td visibleFrom="sm" c="dimmed" fz="sm">
                      {formatDate(institution.createdAt, i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Modal opened={creating} onClose={createModal.close} title={t('institutions.add')}>
        <CreateInstitutionForm onDone={createModal.close} />
      </Modal>
    </>
  );
}

function CreateInstitutionForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateInstitution();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim().length >= 2 ? null : t('institutions.nameTooShort')) },
  });

  const submit = form.onSubmit(({ name }) => {
    setFailure(null);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (institution) => {
          notifications.show({
            color: 'teal',
            message: t('institutions.created', { name: institution.name }),
          });
          onDone();
        },
        onError: (error) => {
          if (!applyFieldErrors(form, t, error)) setFailure(error);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {errorText(t, failure)}
          </Alert>
        )}
        <TextInput
          label={t('institutions.name')}
          placeholder={t('institutions.namePlaceholder')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Text size="xs" c="dimmed">
          {t('institutions.hint')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
