import { type Command, Option } from 'commander';
import { ROLES, type Role } from '../../shared/roles.ts';
import { type CliContext, withDatabase } from '../context.ts';
import { printJson, say } from '../output.ts';
import { rejectInput } from '../validation.ts';

interface CreateOptions {
  role: Role;
  email: string;
  name?: string;
  area?: string;
  institution?: string;
  password?: string;
  json?: boolean;
}

const CREATE_OPTION_NAMES = {
  email: '--email',
  name: '--name',
  role: '--role',
  areaCode: '--area',
  institutionId: '--institution',
  password: '--password',
};

export function registerUserCommands(program: Command) {
  const user = program.command('user').description('Manage user accounts');

  user
    .command('create')
    .description('Create an account; without --password a one-time password is generated and printed once')
    .addOption(new Option('--role <role>', 'what the account may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--email <email>', 'sign-in email, unique regardless of case')
    .option('--name <name>', 'display name (default: taken from the email address)')
    .option('--area <code>', 'area_officer only: the kecamatan or kelurahan they work in, e.g. 36.71.01')
    .option('--institution <id-or-name>', 'institution_admin and mentor only: their mentoring institution')
    .option(
      '--password <password>',
      'set this password instead of a one-time one (it stays in the shell history; prefer the generated one)',
    )
    .option('--json', 'print {user, oneTimePassword?} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  bangkit user create --role admin --email kepala.dinas@example.go.id --name "Kepala Dinas"
  bangkit user create --role area_officer --email petugas@example.go.id --area 36.71.01
  bangkit user create --role mentor --email mentor@example.org --institution "Rumah BUMN"`,
    )
    .action(async (options: CreateOptions, command: Command) => {
      const [{ CreateUserBody }, { createUser }] = await Promise.all([
        import('../../server/modules/users/users.schema.ts'),
        import('../../server/modules/users/users.service.ts'),
      ]);
      const parsed = CreateUserBody.omit({ institutionId: true }).safeParse({
        email: options.email,
        name: options.name ?? nameFromEmail(options.email),
        role: options.role,
        areaCode: options.area,
        password: options.password,
      });
      if (!parsed.success) return rejectInput(command, parsed.error, CREATE_OPTION_NAMES);
      const input = parsed.data;

      const created = await withDatabase(async (ctx) => {
        const institutionId = options.institution
          ? await resolveInstitution(ctx, options.institution)
          : undefined;
        return createUser(ctx.db, ctx.config, null, ctx.actor, { ...input, institutionId });
      });
      if (options.json) return printJson(created);
      say(
        `Created ${created.user.role} ${created.user.email} (id ${created.user.id}, name "${created.user.name}")`,
      );
      if (created.oneTimePassword) {
        say(`One-time password: ${created.oneTimePassword}`);
        say('It is shown only now; the user must change it at first sign-in.');
      }
    });

  user
    .command('reset-password')
    .description('Give an account a new one-time password and sign it out everywhere')
    .requiredOption('--email <email>', 'the email of the account')
    .option('--json', 'print {email, oneTimePassword} as JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      const [{ notFound }, { findUserByEmail }, { resetPassword }] = await Promise.all([
        import('../../server/http/errors.ts'),
        import('../../server/modules/users/users.repository.ts'),
        import('../../server/modules/users/users.service.ts'),
      ]);
      const { email, oneTimePassword } = await withDatabase(async ({ db, actor }) => {
        const account = await findUserByEmail(db, options.email);
        if (!account) throw notFound(`Pengguna dengan email ${options.email}`);
        return { email: account.email, ...(await resetPassword(db, null, actor, account.id)) };
      });
      if (options.json) return printJson({ email, oneTimePassword });
      say(`New one-time password for ${email}: ${oneTimePassword}`);
      say('It is shown only now; the user must change it at first sign-in. Their sessions were ended.');
    });
}

/** `siti.rahma@…` → `Siti Rahma`; a local part too short to be a name falls back to the whole address. */
function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? '';
  const words = local
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  const name = words.join(' ');
  return name.length >= 2 ? name : email;
}

/** An institution given by id, or by name regardless of case. */
async function resolveInstitution({ db }: CliContext, idOrName: string): Promise<number> {
  if (/^\d+$/.test(idOrName)) return Number(idOrName);
  const [{ AppError }, { allInstitutions }] = await Promise.all([
    import('../../server/http/errors.ts'),
    import('../../server/modules/institutions/institutions.service.ts'),
  ]);
  const wanted = idOrName.trim().toLowerCase();
  const match = (await allInstitutions(db)).find((i) => i.name.toLowerCase() === wanted);
  if (!match) {
    throw new AppError(
      'InstitutionUnknown',
      400,
      `Lembaga pendamping "${idOrName}" tidak ditemukan; lihat \`bangkit institution list\`.`,
    );
  }
  return match.id;
}
