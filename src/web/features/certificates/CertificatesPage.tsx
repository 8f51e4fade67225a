import './texts.ts';
import { Anchor, Button, Card, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconCertificate, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CERTIFICATE_KINDS, CERTIFICATE_STATUSES } from '../../../shared/certificates.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import { formatDay } from '../../components/format.ts';
import { ListPage, SelectFilter, useListFilters } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RevokeDialog, StatusBadge } from './CertificateBits.tsx';
import { type CertificateDto, useCertificatePage } from './certificates.api.ts';

const PAGE_SIZE = 25;

/** What one can do with a certificate: its PDF, its public page, and (the issuer) revoking it. */
export function CertificateActions({
  certificate: c,
  onRevoke,
  wrap = 'wrap',
}: {
  certificate: CertificateDto;
  onRevoke: (c: CertificateDto) => void;
  wrap?: 'wrap' | 'nowrap';
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap={wrap}>
      <DownloadButton
        path={`/certificates/${c.id}/pdf`}
        size="xs"
        aria-label={`${t('certificates.downloadPdf')} ${c.number}`}
      >
        {t('certificates.pdf')}
      </DownloadButton>
      <Button
        component="a"
        href={`/verify/${c.code}`}
        target="_blank"
        rel="noopener"
        size="xs"
        variant="subtle"
        leftSection={<IconExternalLink size={14} />}
      >
        {t('certificates.verify')}
      </Button>
      {c.canRevoke && (
        <Button size="xs" variant="subtle" color="red" onClick={() => onRevoke(c)}>
          {t('certificates.revoke')}
        </Button>
      )}
    </Group>
  );
}

/** The certificates the office or an institution issued (and a mentor's own), with their status. */
export function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const list = useListFilters();
  const kind = list.oneOf('kind', CERTIFICATE_KINDS);
  const status = list.oneOf('status', CERTIFICATE_STATUSES);
  const result = useCertificatePage({
    q: list.read('q'),
    kind,
    status,
    page: list.page,
    pageSize: PAGE_SIZE,
  });
  const [revoking, setRevoking] = useState<CertificateDto | null>(null);
  const day = (d: string) => formatDay(d, i18n.language);
  return (
    <>
      <PageHeader title={t('certificates.title')} description={t('certificates.description')} />
      <ListPage
        list={list}
        searchLabel={t('certificates.search')}
        searchPlaceholder={t('certificates.searchPlaceholder')}
        filters={
          <>
            <SelectFilter
              list={list}
              param="kind"
              label={t('certificates.kindLabel')}
              options={CERTIFICATE_KINDS}
              labelOf={(v) => t(`certificates.kind.${v}`)}
            />
            <SelectFilter
              list={list}
              param="status"
              label={t('certificates.statusLabel')}
              options={CERTIFICATE_STATUSES}
              labelOf={(v) => t(`certificates.status.${v}`)}
            />
          </>
        }
        activeFilters={(kind ? 1 : 0) + (status ? 1 : 0)}
        result={result}
        pageSize={PAGE_SIZE}
        table={(items) => (
          <Paper radius="md" style={{ overflow: 'hidden' }}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('certificates.holder')}</Table.Th>
                  <Table.Th>{t('certificates.number')}</Table.Th>
                  <Table.Th>{t('certificates.issuedOn')}</Table.Th>
                  <Table.Th>{t('certificates.statusLabel')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id} data-testid="certificate-row">
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {c.holder}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`certificates.kind.${c.kind}`)} · {c.title}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {c.number}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c.issuer.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {day(c.issuedOn)}
                      </Text>
                      {c.validUntil && (
                        <Text size="xs" c="dimmed">
                          {t('certificates.validUntil')} {day(c.validUntil)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>
                      <CertificateActions certificate={c} onRevoke={setRevoking} wrap="nowrap" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        cards={(items) => (
          <Stack gap="sm">
            {items.map((c) => (
              <Card key={c.id} padding="md" radius="md" data-testid="certificate-card">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text fw={600}>{c.holder}</Text>
                  <StatusBadge status={c.status} />
                </Group>
                <Text size="sm">{c.title}</Text>
                <Text size="xs" c="dimmed">
                  <Anchor component="span" ff="monospace" size="xs" c="dimmed">
                    {c.number}
                  </Anchor>{' '}
                  · {day(c.issuedOn)}
                </Text>
                <Stack mt="xs">
                  <CertificateActions certificate={c} onRevoke={setRevoking} />
                </Stack>
              </Card>
            ))}
          </Stack>
        )}
        cardHeight={130}
        noMatch={{ title: t('certificates.noMatchTitle'), description: t('certificates.noMatch') }}
        empty={{
          icon: <IconCertificate size={28} />,
          title: t('certificates.emptyTitle'),
          description: t('certificates.empty'),
        }}
      />
      <RevokeDialog certificate={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}
