import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconUserCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ANY_REGENCY, isValidNib, normalizePhone, parseNik, sizeClassOf } from '../../../shared/identity.ts';
import { LEGALITY_KINDS, SECTORS } from '../../../shared/sectors.ts';
import { ApiError } from '../../api/client.ts';
import type {
  Business,
  CreateBusinessBody,
  LegalityKind,
  Sector,
  UpdateBusinessBody,
} from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { DateField } from '../../components/DateField.tsx';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { FormSection, HINTS_BELOW } from '../../components/FormSection.tsx';
import { formatDate } from '../../components/format.ts';
import { MoneyInput, moneyValue } from '../../components/MoneyInput.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { AreaFields } from '../areas/AreaFields.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useUsers } from '../users/users.api.ts';
import { useBusiness, useCreateBusiness, useUpdateBusiness } from './businesses.api.ts';
import { useNikLookup } from './nik-lookup.ts';

type Money = number | string;

interface Values {
  owner: { nik: string; name: string; phone: string; kk: string };
  name: string;
  sector: Sector | null;
  kbli: string;
  address: string;
  kecamatan: string | null;
  kelurahanCode: string | null;
  capital: Money;
  annualSales: Money;
  employees: Money;
  baselineOmzet: Money;
  legality: Record<LegalityKind, { number: string; date: string }>;
  online: { marketplaces: string[]; social: string[] };
  mentorId: string | null;
}

function initialValues(business?: Business): Values {
  const legality = Object.fromEntries(
    LEGALITY_KINDS.map((k) => [
      k,
      { number: business?.legality[k]?.number ?? '', date: business?.legality[k]?.date ?? '' },
    ]),
  ) as Values['legality'];
  return {
    owner: { nik: '', name: '', phone: '', kk: '' },
    name: business?.name ?? '',
    sector: business?.sector ?? null,
    kbli: business?.kbli ?? '',
    address: business?.address ?? '',
    kecamatan: business?.kecamatanCode ?? null,
    kelurahanCode: business?.kelurahanCode ?? null,
    capital: business?.capital ?? '',
    annualSales: business?.annualSales ?? '',
    employees: business?.employees ?? '',
    baselineOmzet: business?.baselineOmzet ?? '',
    legality,
    online: { marketplaces: business?.online.marketplaces ?? [], social: business?.online.social ?? [] },
    mentorId: business?.mentorId != null ? String(business.mentorId) : null,
  };
}

/** Register a business (owner found or created by NIK). */
export function CreateBusinessPage() {
  const me = useCurrentUser();
  if (!access.registersBusinesses(me.role)) return <NoAccess />;
  return <BusinessForm />;
}

/** Change a business; its owner is changed elsewhere (merge) and stays as registered. */
export function EditBusinessPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const business = useBusiness(id);
  return (
    <RecordPage
      id={id}
      query={business}
      title={t('businessForm.editTitle')}
      skeleton={{ rows: 8, height: 56 }}
    >
      {(data) => (data.canEdit ? <BusinessForm business={data} /> : <NoAccess />)}
    </RecordPage>
  );
}

type Conflict = { kind: 'owner'; ownerName: string } | { kind: 'business'; businessId: number } | null;

function BusinessForm({ business }: { business?: Business }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const editing = business !== undefined;
  const create = useCreateBusiness();
  const update = useUpdateBusiness(business?.id ?? 0);
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict>(null);
  // After "use the existing owner": the owner record the business will belong to (fields then read-only).
  const [existing, setExisting] = useState<{ name: string } | null>(null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initialValues(business),
    validate: {
      owner: {
        nik: (v) => {
          if (editing) return null;
          const nik = parseNik(v, ANY_REGENCY);
          return nik.ok ? null : t(`businessForm.nikProblems.${nik.problem}`);
        },
        name: (v) =>
          editing || existing || v.trim().length >= 2 ? null : t('businessForm.ownerNameTooShort'),
        phone: (v) =>
          editing || existing || !v.trim() || normalizePhone(v) ? null : t('fieldErrors.PhoneInvalid'),
        kk: (v) =>
          editing || existing || !v.trim() || /^\d{16}$/.test(v.trim()) ? null : t('fieldErrors.KkInvalid'),
      },
      name: (v) => (v.trim().length >= 2 ? null : t('businessForm.nameTooShort')),
      sector: (v) => (v ? null : t('businessForm.sectorRequired')),
      kbli: (v) => (!v.trim() || /^\d{5}$/.test(v.trim()) ? null : t('businessForm.kbliInvalid')),
      kecamatan: (v) => (v ? null : t('businessForm.kecamatanRequired')),
      kelurahanCode: (v) => (v ? null : t('businessForm.kelurahanRequired')),
      legality: {
        nib: { number: (v) => (!v.trim() || isValidNib(v) ? null : t('businessForm.nibInvalid')) },
      },
    },
  });
  const values = form.getValues();

  // The NIK is looked up when it looks whole: is this person registered already?
  // The server names what is wrong with the NIK (an unknown region, in Indonesian) before submitting.
  const nikLookup = useNikLookup(values.owner.nik, !editing);
  const { lookup } = nikLookup;
  const lookedUp = nikLookup.data;
  const lookupError = nikLookup.problem;

  const mentors = useUsers(
    { page: 1, pageSize: 200, role: 'mentor', status: 'active' },
    access.picksMentor(me.role),
  );

  // The lookup tells the name only: the owner's phone and KK stay as the registry holds them.
  const chooseExisting = (owner: { name: string }) => {
    setExisting({ name: owner.name });
    setConflict(null);
    form.setValues({ owner: { nik: values.owner.nik, name: owner.name, phone: '', kk: '' } });
    form.clearFieldError('owner.nik');
  };
  const forgetExisting = () => {
    setExisting(null);
    form.setValues({ owner: { nik: '', name: '', phone: '', kk: '' } });
  };

  const businessFields = (v: Values) => {
    const legality = Object.fromEntries(
      LEGALITY_KINDS.filter((k) => v.legality[k].number.trim()).map((k) => [
        k,
        { number: v.legality[k].number.trim(), ...(v.legality[k].date ? { date: v.legality[k].date } : {}) },
      ]),
    );
    const employees = moneyValue(v.employees);
    return {
      name: v.name.trim(),
      sector: v.sector!,
      kbli: v.kbli.trim() || null,
      address: v.address.trim() || null,
      kelurahanCode: v.kelurahanCode!,
      capital: moneyValue(v.capital),
      annualSales: moneyValue(v.annualSales),
      employees,
      baselineOmzet: moneyValue(v.baselineOmzet),
      legality,
      // Only the lists that have names, so an untouched business does not record an empty change.
      online: Object.fromEntries(Object.entries(v.online).filter(([, names]) => names.length > 0)),
      ...(access.picksMentor(me.role) ? { mentorId: v.mentorId ? Number(v.mentorId) : null } : {}),
    };
  };

  const onError = (error: Error) => {
    showFirstProblem();
    if (error instanceof ApiError && error.code === 'OwnerExists') {
      setConflict({ kind: 'owner', ownerName: String(error.problem.ownerName ?? '') });
      form.setFieldError('owner.nik', t('fieldErrors.OwnerExists'));
      return;
    }
    if (error instanceof ApiError && error.code === 'BusinessExists') {
      setConflict({ kind: 'business', businessId: Number(error.problem.businessId) });
    }
    if (!applyFieldErrors(form, t, error)) setFailure(error);
  };

  const save = (v: Values, useExistingOwner: boolean) => {
    setFailure(null);
    setConflict(null);
    if (editing) {
      const body: UpdateBusinessBody = businessFields(v);
      update.mutate(body, {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('businessForm.saved', { name: saved.name }) });
          navigate(`/businesses/${saved.id}`);
        },
        onError,
      });
      return;
    }
    const body: CreateBusinessBody = {
      owner: {
        nik: v.owner.nik.trim(),
        name: v.owner.name.trim(),
        phone: v.owner.phone.trim() || null,
        kk: v.owner.kk.trim() || null,
      },
      ...(useExistingOwner ? { useExistingOwner: true } : {}),
      ...businessFields(v),
    };
    create.mutate(body, {
      onSuccess: (created) => {
        notifications.show({ color: 'teal', message: t('businessForm.created', { name: created.name }) });
        navigate(`/businesses/${created.id}`);
      },
      onError,
    });
  };

  // The first field to fix, or the alert at the top, comes into view: the button is at the bottom of a long form.
  const showFirstProblem = () =>
    requestAnimationFrame(() => {
      const invalid = document.querySelector<HTMLElement>(
        '[data-testid="business-form"] [aria-invalid="true"]',
      );
      if (invalid) invalid.focus();
      else window.scrollTo({ top: 0, behavior: 'smooth' });
    });
  const submit = form.onSubmit((v) => save(v, existing !== null), showFirstProblem);
  const size = sizeClassOf(moneyValue(values.capital), moneyValue(values.annualSales));
  const sizeBasis = moneyValue(values.capital) != null ? 'capital' : 'annualSales';
  const busy = create.isPending || update.isPending;
  const title = editing ? t('businessForm.editTitle') : t('businessForm.createTitle');

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/businesses" size="sm">
              {t('businesses.title')}
            </Anchor>
            {business && (
              <Anchor component={Link} to={`/businesses/${business.id}`} size="sm" className="break-anywhere">
                {business.name}
              </Anchor>
            )}
            <Text size="sm">{editing ? t('businesses.edit') : t('businesses.add')}</Text>
          </Breadcrumbs>
        }
        title={title}
        description={editing ? business.name : t('businessForm.createDescription')}
      />
      <form onSubmit={submit} noValidate data-testid="business-form">
        <Stack gap="md">
          {failure != null && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorText(t, failure)}
            </Alert>
          )}
          {conflict?.kind === 'business' && (
            <Alert
              color="amber"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
              data-testid="business-exists"
            >
              <Text size="sm">{t('businessForm.businessExists')}</Text>
              <Anchor component={Link} to={`/businesses/${conflict.businessId}`} size="sm" fw={600}>
                {t('businessForm.openExisting')}
              </Anchor>
            </Alert>
          )}

          <FormSection title={t('businessForm.sections.owner')}>
            {editing ? (
              <Stack gap={4}>
                <Text fw={600}>{business.owner.name}</Text>
                <Text size="sm" ff="monospace" c="dimmed">
                  {business.owner.nik}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('businessForm.ownerFixed')}
                </Text>
              </Stack>
            ) : (
              <Grid gap="sm">
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t('owner.nik')}
                    description={t('businessForm.nikHint')}
                    inputWrapperOrder={HINTS_BELOW}
                    required
                    data-autofocus
                    autoFocus
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={16}
                    readOnly={existing !== null}
                    rightSection={lookup.isFetching ? <Loader size={16} /> : null}
                    {...form.getInputProps('owner.nik')}
                    error={form.errors['owner.nik'] ?? lookupError}
                    onChange={(e) => {
                      form.setFieldValue('owner.nik', e.currentTarget.value.replace(/\D/g, ''));
                      setConflict(null);
                    }}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <NikFacts nik={values.owner.nik} derived={lookedUp?.derived} />
                </Grid.Col>
                {!existing && (lookedUp?.owner || conflict?.kind === 'owner') && (
                  <Grid.Col span={12}>
                    <Alert
                      color="amber"
                      variant="light"
                      icon={<IconUserCheck size={20} />}
                      data-testid="owner-exists"
                      title={t('businessForm.ownerExists', {
                        name: lookedUp?.owner?.name ?? (conflict?.kind === 'owner' ? conflict.ownerName : ''),
                        count: lookedUp?.owner?.businesses ?? 1,
                      })}
                    >
                      <Stack gap="xs" align="flex-start">
                        <Text size="sm">{t('businessForm.ownerExistsExplain')}</Text>
                        <Button
                          size="xs"
                          leftSection={<IconUserCheck size={14} />}
                          onClick={() => {
                            if (lookedUp?.owner) chooseExisting(lookedUp.owner);
                            else if (conflict?.kind === 'owner') {
                              // The server found the owner before the lookup did: save with that owner now.
                              setExisting({ name: conflict.ownerName });
                              form.clearFieldError('owner.nik');
                              save(values, true);
                            }
                          }}
                        >
                          {t('businessForm.useExisting')}
                        </Button>
                      </Stack>
                    </Alert>
                  </Grid.Col>
                )}
                {existing && (
                  <Grid.Col span={12}>
                    <Alert
                      color="teal"
                      variant="light"
                      icon={<IconUserCheck size={20} />}
                      data-testid="owner-in-use"
                    >
                      <Group justify="space-between" gap="xs">
                        <Text size="sm">{t('businessForm.usingExisting', { name: existing.name })}</Text>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="gray"
                          leftSection={<IconX size={12} />}
                          onClick={forgetExisting}
                        >
                          {t('businessForm.otherNik')}
                        </Button>
                      </Group>
                    </Alert>
                  </Grid.Col>
                )}
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t('businessForm.ownerName')}
                    required
                    readOnly={existing !== null}
                    variant={existing ? 'filled' : 'default'}
                    autoComplete="off"
                    {...form.getInputProps('owner.name')}
                  />
                </Grid.Col>
                {/* An existing owner's phone and KK stay as the registry holds them (the lookup does not tell them). */}
                {!existing && (
                  <>
                    <Grid.Col span={{ base: 12, sm: 3 }}>
                      <TextInput
                        label={t('owner.phone')}
                        placeholder="08…"
                        inputMode="tel"
                        autoComplete="off"
                        {...form.getInputProps('owner.phone')}
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, sm: 3 }}>
                      <TextInput
                        label={t('owner.kk')}
                        inputMode="numeric"
                        maxLength={16}
                        autoComplete="off"
                        {...form.getInputProps('owner.kk')}
                      />
                    </Grid.Col>
                  </>
                )}
              </Grid>
            )}
          </FormSection>

          <FormSection title={t('businessForm.sections.business')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t('businessForm.name')}
                  required
                  autoComplete="off"
                  {...form.getInputProps('name')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, xs: 6, sm: 3 }}>
                <Select
                  label={t('businessForm.sector')}
                  required
                  placeholder={t('businessForm.choose')}
                  data={SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }))}
                  {...form.getInputProps('sector')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, xs: 6, sm: 3 }}>
                <TextInput
                  label={t('businessForm.kbli')}
                  description={t('businessForm.kbliHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  inputMode="numeric"
                  maxLength={5}
                  {...form.getInputProps('kbli')}
                />
              </Grid.Col>
              <AreaFields
                kecamatan={form.getInputProps('kecamatan')}
                kelurahan={form.getInputProps('kelurahanCode')}
                onKecamatanChange={(code) => {
                  form.setFieldValue('kecamatan', code);
                  form.setFieldValue('kelurahanCode', null);
                }}
              />
              <Grid.Col span={12}>
                <Textarea
                  label={t('businesses.fields.address')}
                  autosize
                  minRows={2}
                  {...form.getInputProps('address')}
                />
              </Grid.Col>
              {access.picksMentor(me.role) && (
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <Select
                    label={t('businesses.fields.mentor')}
                    placeholder={t('businesses.noMentor')}
                    clearable
                    searchable
                    nothingFoundMessage={t('common.nothingFound')}
                    data={(mentors.data?.items ?? []).map((m) => ({
                      value: String(m.id),
                      label: m.institutionName ? `${m.name} — ${m.institutionName}` : m.name,
                    }))}
                    {...form.getInputProps('mentorId')}
                  />
                </Grid.Col>
              )}
            </Grid>
          </FormSection>

          <FormSection title={t('businessForm.sections.scale')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <MoneyInput
                  label={t('businesses.fields.capital')}
                  description={t('businessForm.capitalHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  {...form.getInputProps('capital')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <MoneyInput
                  label={t('businesses.fields.annualSales')}
                  description={t('businessForm.annualSalesHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  {...form.getInputProps('annualSales')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <MoneyInput
                  label={t('businesses.fields.baselineShort')}
                  description={t('businessForm.baselineHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  {...form.getInputProps('baselineOmzet')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                <NumberInput
                  label={t('businesses.fields.employees')}
                  description={t('businessForm.employeesHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  allowDecimal={false}
                  allowNegative={false}
                  min={0}
                  max={1_000_000}
                  {...form.getInputProps('employees')}
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Group gap="xs" data-testid="size-preview">
                  <Text size="sm" c="dimmed">
                    {t('businessForm.sizeClass')}:
                  </Text>
                  {size ? (
                    <>
                      <Badge variant="light" radius="sm" color={size === 'large' ? 'orange' : 'civic'}>
                        {t(`sizeClasses.${size}`)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {t(`businessForm.sizeBasis.${sizeBasis}`)}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('businessForm.sizeUnknown')}
                    </Text>
                  )}
                </Group>
                {size === 'large' && (
                  <Text size="xs" c="orange.8" mt={4}>
                    {t('businessForm.sizeLarge')}
                  </Text>
                )}
              </Grid.Col>
            </Grid>
          </FormSection>

          <FormSection title={t('legality.title')} description={t('businessForm.legalityHint')}>
            <Stack gap="xs">
              {LEGALITY_KINDS.map((kind) => (
                <Grid key={kind} gap="sm" align="flex-end">
                  <Grid.Col span={{ base: 12, sm: 3 }}>
                    <Text size="sm" fw={600}>
                      {t(`legality.kinds.${kind}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`legality.descriptions.${kind}`)}
                    </Text>
                  </Grid.Col>
                  <Grid.Col span={{ base: 7, sm: 5 }}>
                    <TextInput
                      label={t('businessForm.permitNumber')}
                      aria-label={t('businessForm.permitNumberOf', { kind: t(`legality.kinds.${kind}`) })}
                      inputMode={kind === 'nib' ? 'numeric' : undefined}
                      {...form.getInputProps(`legality.${kind}.number`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 5, sm: 4 }}>
                    <DateField
                      label={t('businessForm.permitDate')}
                      aria-label={t('businessForm.permitDateOf', { kind: t(`legality.kinds.${kind}`) })}
                      disabled={!values.legality[kind].number.trim()}
                      {...form.getInputProps(`legality.${kind}.date`)}
                    />
                  </Grid.Col>
                </Grid>
              ))}
            </Stack>
          </FormSection>

          <FormSection title={t('online.title')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TagsInput
                  label={t('online.marketplaces')}
                  description={t('businessForm.tagsHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  placeholder={t('businessForm.marketplacesPlaceholder')}
                  data={[
                    'Tokopedia',
                    'Shopee',
                    'Bukalapak',
                    'Lazada',
                    'Blibli',
                    'GoFood',
                    'GrabFood',
                    'ShopeeFood',
                  ]}
                  maxTags={20}
                  clearable
                  {...form.getInputProps('online.marketplaces')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TagsInput
                  label={t('online.social')}
                  description={t('businessForm.tagsHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  placeholder={t('businessForm.socialPlaceholder')}
                  data={['Instagram', 'Facebook', 'TikTok', 'WhatsApp Business', 'YouTube']}
                  maxTags={20}
                  clearable
                  {...form.getInputProps('online.social')}
                />
              </Grid.Col>
            </Grid>
          </FormSection>

          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              component={Link}
              to={business ? `/businesses/${business.id}` : '/businesses'}
            >
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {editing ? t('common.save') : t('businessForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** What a NIK says by itself (gender, birth date), or the registered owner it belongs to. */
function NikFacts({ nik, derived }: { nik: string; derived?: { gender: 'L' | 'P'; birthDate: string } }) {
  const { t, i18n } = useTranslation();
  const parsed = parseNik(nik, ANY_REGENCY);
  const facts =
    derived ?? (parsed.ok ? { gender: parsed.value.gender, birthDate: parsed.value.birthDate } : null);
  if (!facts) {
    return (
      <Text size="xs" c="dimmed" mt={{ base: 0, sm: 30 }}>
        {t('businessForm.nikFacts')}
      </Text>
    );
  }
  const { gender, birthDate } = facts;
  return (
    <Group gap="xs" mt={{ base: 0, sm: 30 }} data-testid="nik-facts">
      {gender && (
        <Badge variant="light" color="gray" radius="sm">
          {t(`owner.genders.${gender}`)}
        </Badge>
      )}
      {birthDate && (
        <Badge variant="light" color="gray" radius="sm">
          {t('businessForm.born', { date: formatDate(birthDate, i18n.language) })}
        </Badge>
      )}
    </Group>
  );
}
