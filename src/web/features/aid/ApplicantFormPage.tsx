import {
  Alert,
  Anchor,
  Autocomplete,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Loader,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMapPin, IconUserCheck } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { canonicalAreaCode } from '../../../shared/area-code.ts';
import { ANY_REGENCY, isValidNib, normalizePhone, parseNik } from '../../../shared/identity.ts';
import { SECTOR_LABELS } from '../../../shared/sectors.ts';
import { type ApiError, isApiError } from '../../api/client.ts';
import type { AidApplicantBody } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { FormSection, HINTS_BELOW } from '../../components/FormSection.tsx';
import { areaDisplayName } from '../../components/format.ts';
import { MoneyInput, moneyValue } from '../../components/MoneyInput.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import i18n from '../../i18n/index.ts';
import { AreaFields } from '../areas/AreaFields.tsx';
import { useArea } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useNikLookup } from '../businesses/nik-lookup.ts';
import { useAidProgram, useEnterApplicant } from './aid.api.ts';
import { proposalPath } from './ProposalsTab.tsx';

const OCCUPATIONS = [
  'Pedagang',
  'Wiraswasta',
  'Ibu rumah tangga',
  'Penjahit',
  'Petani',
  'Nelayan',
  'Buruh harian lepas',
];

interface Values {
  nik: string;
  no_kk: string;
  nama: string;
  no_hp: string;
  alamat: string;
  kecamatan: string | null;
  kode_kelurahan: string | null;
  bidang_usaha: string;
  pekerjaan: string;
  menerima_kur: '' | 'ya' | 'tidak';
  nib: string;
  modal_usaha: number | string;
  omzet_tahunan: number | string;
  ktpElsewhere: boolean;
  kode_kelurahan_ktp: string;
}

/** The column a server problem is about → the reason code that explains it (for a translation). */
const COLUMN_REASONS: Record<string, string> = {
  nik: 'nik_invalid',
  no_kk: 'kk_invalid',
  no_hp: 'phone_invalid',
  kode_kelurahan: 'kelurahan_unknown',
  kode_kelurahan_ktp: 'kelurahan_ktp_unknown',
  menerima_kur: 'kur_invalid',
  nib: 'nib_invalid',
  modal_usaha: 'money_invalid',
  omzet_tahunan: 'money_invalid',
};

/** The column → the key of its label under `aid.fields`, to name an empty field. */
const COLUMN_FIELDS: Record<string, string> = {
  nik: 'nik',
  no_kk: 'kk',
  nama: 'name',
  no_hp: 'phone',
  alamat: 'address',
  bidang_usaha: 'businessField',
  pekerjaan: 'occupation',
  menerima_kur: 'receivesKur',
  kode_kelurahan_ktp: 'ktpKelurahan',
};

/** One applicant typed in by an officer: the columns of the intake file, the same rules and messages. */
export function ApplicantFormPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { code = '' } = useParams();
  const program = useAidProgram(code);
  if (!access.entersAidApplicants(me.role)) return <NoAccess />;
  if (isApiError(program.error, 'AidProgramUnknown')) return <NotFoundPage />;
  if (program.isPending) {
    return (
      <>
        <PageHeader title={t('aid.entry.title')} />
        <SkeletonRows rows={6} height={56} />
      </>
    );
  }
  if (program.isError) return <ErrorAlert error={program.error} onRetry={() => program.refetch()} />;
  return <ApplicantForm code={program.data.code} programName={program.data.name} />;
}

function ApplicantForm({ code, programName }: { code: string; programName: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const enter = useEnterApplicant(code);
  const [failure, setFailure] = useState<unknown>(null);
  const [duplicateOf, setDuplicateOf] = useState<number | null>(null);

  // An officer enters applicants of their own area: a kelurahan officer's kelurahan is fixed.
  const officerArea = me.role === 'area_officer' ? (me.areaCode ?? '') : '';
  const officerParts = officerArea.split('.');
  const fixedKecamatan = officerParts.length >= 3 ? officerParts.slice(0, 3).join('.') : null;
  const fixedKelurahan = officerParts.length === 4 ? officerArea : null;

  // An empty field is named in its message, as the server names it.
  const required = (field: string) =>
    t('aid.entry.required', { field: t(`aid.fields.${field}` as 'aid.fields.nik') });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      nik: '',
      no_kk: '',
      nama: '',
      no_hp: '',
      alamat: '',
      kecamatan: fixedKecamatan,
      kode_kelurahan: fixedKelurahan,
      bidang_usaha: '',
      pekerjaan: '',
      menerima_kur: '',
      nib: '',
      modal_usaha: '',
      omzet_tahunan: '',
      ktpElsewhere: false,
      kode_kelurahan_ktp: '',
    },
    validate: {
      nik: (v) => {
        if (!v.trim()) return required('nik');
        const nik = parseNik(v, ANY_REGENCY);
        return nik.ok
          ? null
          : `${t('aid.reasons.nik_invalid')} ${t(`businessForm.nikProblems.${nik.problem}`)}`;
      },
      no_kk: (v) =>
        !v.trim() ? required('kk') : /^\d{16}$/.test(v.trim()) ? null : t('aid.reasons.kk_invalid'),
      nama: (v) => (v.trim() ? null : required('name')),
      no_hp: (v) =>
        !v.trim() ? required('phone') : normalizePhone(v) ? null : t('aid.reasons.phone_invalid'),
      alamat: (v) => (v.trim() ? null : required('address')),
      kecamatan: (v) => (v ? null : t('businessForm.kecamatanRequired')),
      kode_kelurahan: (v) => (v ? null : t('businessForm.kelurahanRequired')),
      bidang_usaha: (v) => (v.trim() ? null : required('businessField')),
      pekerjaan: (v) => (v.trim() ? null : required('occupation')),
      menerima_kur: (v) => (v ? null : required('receivesKur')),
      nib: (v) => (!v.trim() || isValidNib(v) ? null : t('aid.reasons.nib_invalid')),
      kode_kelurahan_ktp: (v, values) => {
        if (!values.ktpElsewhere) return null;
        if (!v.trim()) return required('ktpKelurahan');
        const area = canonicalAreaCode(v);
        return area && area.split('.').length === 4 ? null : t('aid.reasons.kelurahan_ktp_unknown');
      },
    },
  });
  const values = form.getValues();

  // A whole NIK is looked up in the registry, as the business form does: a registered owner is recognised
  // and their name filled in (the proposal then links to them; phone and KK are not disclosed by the lookup).
  // A NIK whose region does not exist is named under the field from the server's answer, before submitting.
  const nikLookup = useNikLookup(values.nik);
  const nikToLookUp = nikLookup.toLookUp;
  const registered = nikLookup.data?.exists ? nikLookup.data.owner : undefined;
  const [prefilledFor, setPrefilledFor] = useState<string | null>(null);
  useEffect(() => {
    if (!registered || !nikToLookUp || prefilledFor === nikToLookUp) return;
    setPrefilledFor(nikToLookUp);
    form.setFieldValue('nama', registered.name);
  }, [registered, nikToLookUp, prefilledFor, form]);

  const submit = form.onSubmit((v) => {
    setFailure(null);
    setDuplicateOf(null);
    const ktp = v.ktpElsewhere ? canonicalAreaCode(v.kode_kelurahan_ktp) : null;
    const body: AidApplicantBody = {
      nik: v.nik.trim(),
      no_kk: v.no_kk.trim(),
      nama: v.nama.trim(),
      no_hp: v.no_hp.trim(),
      alamat: v.alamat.trim(),
      kode_kelurahan: v.kode_kelurahan ?? '',
      bidang_usaha: v.bidang_usaha.trim(),
      pekerjaan: v.pekerjaan.trim(),
      menerima_kur: v.menerima_kur === 'ya',
      nib: v.nib.trim() || null,
      modal_usaha: moneyValue(v.modal_usaha),
      omzet_tahunan: moneyValue(v.omzet_tahunan),
      kode_kelurahan_ktp: ktp,
    };
    enter.mutate(body, {
      onSuccess: (result) => {
        notifications.show({
          color: result.state === 'eligible' ? 'teal' : 'orange',
          message:
            result.state === 'eligible'
              ? t('aid.entry.eligible', { name: result.proposal.name })
              : t('aid.entry.ineligible', { name: result.proposal.name }),
        });
        navigate(proposalPath(result.proposal));
      },
      onError: (error) => {
        if (isApiError(error, 'AidDuplicate')) {
          const id = Number(error.problem.proposalId);
          setDuplicateOf(Number.isInteger(id) && id > 0 ? id : null);
          form.setFieldError('nik', t('aid.entry.duplicate'));
          return;
        }
        if (isApiError(error, 'OutOfScope')) {
          form.setFieldError('kode_kelurahan', t('fieldErrors.OutOfScope'));
          return;
        }
        if (
          isApiError(error, 'AidEntryInvalid')
            ? placeEntryErrors(form, t, error)
            : applyFieldErrors(form, t, error)
        )
          return;
        setFailure(error);
      },
    });
  });

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/aid" size="sm">
              {t('aid.title')}
            </Anchor>
            <Anchor component={Link} to={`/aid/${code}/intake`} size="sm" className="break-anywhere">
              {programName}
            </Anchor>
            <Text size="sm">{t('aid.entry.open')}</Text>
          </Breadcrumbs>
        }
        title={t('aid.entry.title')}
        description={t('aid.entry.description', { program: programName })}
      />
      <form onSubmit={submit} noValidate data-testid="applicant-form">
        <Stack gap="md">
          {failure != null && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorText(t, failure)}
            </Alert>
          )}
          {duplicateOf !== null && (
            <Alert
              color="amber"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
              data-testid="applicant-duplicate"
            >
              <Text size="sm">{t('aid.entry.duplicateExplain')}</Text>
              <Anchor
                component={Link}
                to={proposalPath({ programCode: code, id: duplicateOf })}
                size="sm"
                fw={600}
              >
                {t('aid.entry.openExisting')}
              </Anchor>
            </Alert>
          )}

          <FormSection title={t('aid.entry.sections.applicant')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('aid.fields.nik')}
                  description={t('businessForm.nikHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  data-autofocus
                  autoFocus
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={16}
                  rightSection={nikLookup.lookup.isFetching ? <Loader size={16} /> : null}
                  {...form.getInputProps('nik')}
                  error={form.errors.nik ?? nikLookup.problem}
                  onChange={(e) => {
                    form.setFieldValue('nik', e.currentTarget.value.replace(/\D/g, ''));
                    setDuplicateOf(null);
                  }}
                />
              </Grid.Col>
              {registered && (
                <Grid.Col span={12}>
                  <Alert
                    color="teal"
                    variant="light"
                    icon={<IconUserCheck size={20} />}
                    data-testid="owner-registered"
                    title={t('businessForm.ownerExists', {
                      name: registered.name,
                      count: registered.businesses,
                    })}
                  >
                    {t('aid.entry.ownerRegistered')}
                  </Alert>
                </Grid.Col>
              )}
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('aid.fields.kk')}
                  description={t('aid.entry.kkHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={16}
                  {...form.getInputProps('no_kk')}
                  onChange={(e) => form.setFieldValue('no_kk', e.currentTarget.value.replace(/\D/g, ''))}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('aid.fields.name')}
                  required
                  autoComplete="off"
                  maxLength={500}
                  {...form.getInputProps('nama')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('aid.fields.phone')}
                  placeholder="08…"
                  required
                  inputMode="tel"
                  autoComplete="off"
                  maxLength={20}
                  {...form.getInputProps('no_hp')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Autocomplete
                  label={t('aid.fields.occupation')}
                  description={t('aid.entry.occupationHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  data={OCCUPATIONS}
                  maxLength={500}
                  {...form.getInputProps('pekerjaan')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Radio.Group
                  label={t('aid.fields.receivesKur')}
                  description={t('aid.entry.kurHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  {...form.getInputProps('menerima_kur')}
                >
                  <Group gap="lg" mt={8}>
                    <Radio value="tidak" label={t('common.no')} />
                    <Radio value="ya" label={t('common.yes')} />
                  </Group>
                </Radio.Group>
              </Grid.Col>
            </Grid>
          </FormSection>

          <FormSection title={t('aid.entry.sections.business')}>
            <Grid gap="sm">
              <AreaFields
                kecamatan={form.getInputProps('kecamatan')}
                kelurahan={form.getInputProps('kode_kelurahan')}
                onKecamatanChange={(code) => {
                  form.setFieldValue('kecamatan', code);
                  form.setFieldValue('kode_kelurahan', null);
                }}
                kecamatanLocked={fixedKecamatan !== null}
                kelurahanLocked={fixedKelurahan !== null}
              />
              <Grid.Col span={12}>
                <Textarea
                  label={t('aid.fields.address')}
                  description={t('aid.entry.addressHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  autosize
                  minRows={2}
                  maxLength={500}
                  {...form.getInputProps('alamat')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Autocomplete
                  label={t('aid.fields.businessField')}
                  required
                  data={Object.values(SECTOR_LABELS)}
                  maxLength={500}
                  {...form.getInputProps('bidang_usaha')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('aid.fields.nib')}
                  description={t('aid.entry.nibHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  inputMode="numeric"
                  maxLength={13}
                  {...form.getInputProps('nib')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <MoneyInput
                  label={t('aid.fields.capital')}
                  description={t('aid.entry.capitalHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  {...form.getInputProps('modal_usaha')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <MoneyInput
                  label={t('aid.fields.annualSales')}
                  description={t('aid.entry.annualSalesHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  {...form.getInputProps('omzet_tahunan')}
                />
              </Grid.Col>
            </Grid>
          </FormSection>

          <FormSection title={t('aid.entry.sections.ktp')}>
            <Stack gap="sm">
              <Switch
                label={t('aid.entry.ktpElsewhere')}
                description={t('aid.entry.ktpElsewhereHint')}
                {...form.getInputProps('ktpElsewhere', { type: 'checkbox' })}
              />
              {values.ktpElsewhere && <KtpKelurahan form={form} />}
            </Stack>
          </FormSection>

          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to={`/aid/${code}/intake`}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={enter.isPending}>
              {t('aid.entry.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** The KTP's kelurahan by its code (anywhere in Indonesia), named as soon as it is recognised. */
function KtpKelurahan({ form }: { form: UseFormReturnType<Values> }) {
  const { t } = useTranslation();
  const typed = canonicalAreaCode(form.getValues().kode_kelurahan_ktp);
  const [code] = useDebouncedValue(typed && typed.split('.').length === 4 ? typed : null, 300);
  const area = useArea(code);
  const known = area.data && area.data.code === typed ? area.data : undefined;
  const unknown = isApiError(area.error) && code === typed;
  const ancestors = known?.ancestors.map((a) => areaDisplayName(a.name)).reverse() ?? [];
  return (
    <Stack gap={4} maw={420}>
      <TextInput
        label={t('aid.fields.ktpKelurahan')}
        description={t('aid.entry.ktpHint')}
        inputWrapperOrder={HINTS_BELOW}
        placeholder="36.71.05.1001"
        required
        inputMode="decimal"
        maxLength={16}
        rightSection={area.isFetching ? <Loader size={16} /> : null}
        {...form.getInputProps('kode_kelurahan_ktp')}
        error={
          form.errors.kode_kelurahan_ktp ?? (unknown ? t('aid.reasons.kelurahan_ktp_unknown') : undefined)
        }
      />
      {known && (
        <Group gap={6} wrap="nowrap" data-testid="ktp-area">
          <IconMapPin size={16} color="var(--mantine-color-teal-7)" style={{ flexShrink: 0 }} />
          <Text size="sm" c="teal.9">
            {[areaDisplayName(known.name), ...ancestors].join(', ')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/**
 * The server's problems with an entry under the fields they are about. In Indonesian its own sentence (with
 * details such as which part of the NIK is wrong); in another language the translation of the reason.
 */
function placeEntryErrors(form: UseFormReturnType<Values>, t: TFunction, error: ApiError): boolean {
  if (error.errors.length === 0) return false;
  const values = form.getValues() as unknown as Record<string, unknown>;
  const reasons = Array.isArray(error.problem.reasons) ? (error.problem.reasons as string[]) : [];
  for (const fieldError of error.errors) {
    const column = fieldError.path.replace(/^body\./, '');
    const field = column in values ? column : column === 'kode_kelurahan' ? 'kecamatan' : null;
    if (!field) continue;
    const empty = values[column] === '' || values[column] === null || values[column] === undefined;
    const code = empty && reasons.includes('required_missing') ? 'required_missing' : COLUMN_REASONS[column];
    const key = `aid.reasons.${code}`;
    const label = COLUMN_FIELDS[column];
    const message =
      i18n.language === 'id' && fieldError.message
        ? fieldError.message
        : code === 'required_missing' && label
          ? t('aid.entry.required', { field: t(`aid.fields.${label}` as 'aid.fields.nik') })
          : code && i18n.exists(key)
            ? t(key as 'aid.reasons.nik_invalid')
            : t('fieldErrors.invalid');
    form.setFieldError(field, message);
  }
  return true;
}
