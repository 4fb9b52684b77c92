// The `rolecraft` command. Errors are one line on stderr and a non-zero exit, never a stack trace.
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { loadMigrations, migrate } from './db/migrate.ts';
import { serve } from './main.ts';
import { createUser, setUserDisabled } from './modules/identity/bootstrap.ts';
import { formatOutbox, listOutbox } from './modules/notifications/outbox.ts';
import { builtinTaxonomy } from './modules/skills/taxonomy.ts';
import { TemplateCache } from './modules/templates/cache.ts';
import { expandPaths, importFiles, readTextFile } from './modules/templates/library.ts';
import { toMarkdown } from './modules/templates/markdown.ts';
import { parseJd } from './modules/templates/parse.ts';
import { templateActions } from './modules/templates/service.ts';
import { backup, formatBackup, formatRestore, restore } from './ops/backup.ts';
import { seed } from './seed.ts';
import { systemCtx } from './shared/context.ts';

const HELP = `Usage: rolecraft <command> [options]

Commands:
  serve                      Start the server (migrates, and seeds the library on first start)
  migrate                    Apply pending database migrations
  seed                       Load the skills taxonomy and the built-in template library (idempotent)
  parse FILE [--json|--markdown]
                             Parse a job description (text or Markdown) and print it as JSON
                             (default) or as canonical Markdown
  import FILE|DIR...         Import job descriptions into the library; a template whose slug
                             exists is updated (a new version) only if its content changed
  admin create-user --email EMAIL [--name NAME] [--platform-admin] [--password-stdin]
                             Create a verified account; without --password-stdin a strong
                             password is generated and printed once
  admin disable-user --email EMAIL
                             Disable an account and end all its sessions
  admin enable-user --email EMAIL
                             Enable a disabled account again
  mail [--limit N]           List the newest mail in the outbox (when SMTP_URL is not set)
  backup FILE [--force]      Back up the whole database to FILE (pg_dump custom format, or the
                             embedded database with its server stopped); --force overwrites FILE
  restore FILE [--force]     Restore a backup into an empty database, then migrate it; --force
                             replaces a database that is not empty

Options:
  -h, --help                 Show this help

Configuration comes from the environment (PORT, HOST, DATABASE_URL, DATA_DIR, LOG_LEVEL,
PUBLIC_URL, SMTP_URL, REDIS_URL, …); see the README.`;

class UsageError extends Error {}

async function withDatabase<T>(
  fn: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      'platform-admin': { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
      limit: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command || command === 'help') {
    console.log(HELP);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'serve':
      await serve(loadConfig());
      return -1; // keep running
    case 'migrate': {
      const applied = await withDatabase(async (database) => migrate(database, await loadMigrations()));
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
    }
    case 'seed': {
      const results = await withDatabase(async (database) => {
        await migrate(database, await loadMigrations());
        const taxonomy = builtinTaxonomy();
        return seed(database.db, taxonomy, templateActions({ taxonomy, cache: new TemplateCache() }));
      });
      return report(results);
    }
    case 'parse': {
      if (args.length !== 1) throw new UsageError('parse takes exactly one FILE');
      if (values.json && values.markdown) throw new UsageError('choose one of --json and --markdown');
      const template = parseJd(await readTextFile(args[0]!));
      console.log(values.markdown ? toMarkdown(template).trimEnd() : JSON.stringify(template, null, 2));
      return 0;
    }
    case 'import': {
      if (args.length === 0) throw new UsageError('import needs at least one FILE or DIR');
      const files = await expandPaths(args);
      const results = await withDatabase(async (database) => {
        await migrate(database, await loadMigrations());
        const { db } = database;
        const taxonomy = builtinTaxonomy();
        const actions = templateActions({ taxonomy, cache: new TemplateCache() });
        return importFiles(systemCtx(db), actions, files, 'user');
      });
      return report(results);
    }
    case 'admin':
      return admin(args, values);
    case 'mail': {
      const limit = Number(values.limit ?? 20);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit must be 1 to 1000');
      const rows = await withDatabase(async (database) => {
        await migrate(database, await loadMigrations());
        return listOutbox(database, limit);
      });
      console.log(rows.length ? formatOutbox(rows) : 'The outbox is empty.');
      return 0;
    }
    case 'backup': {
      if (args.length !== 1) throw new UsageError('backup takes exactly one FILE');
      console.log(formatBackup(await backup(loadConfig(), args[0]!, { force: values.force })));
      return 0;
    }
    case 'restore': {
      if (args.length !== 1) throw new UsageError('restore takes exactly one FILE');
      for (const line of formatRestore(await restore(loadConfig(), args[0]!, { force: values.force }))) {
        console.log(line);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

interface AdminOptions {
  email?: string | undefined;
  name?: string | undefined;
  'platform-admin'?: boolean | undefined;
  'password-stdin'?: boolean | undefined;
}

async function admin(args: string[], values: AdminOptions): Promise<number> {
  const [sub] = args;
  const email = values.email?.trim();
  if (!email) throw new UsageError(`admin ${sub ?? ''} needs --email`.replace('  ', ' '));
  switch (sub) {
    case 'create-user': {
      const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
      const created = await withDatabase(async (database) => {
        await migrate(database, await loadMigrations());
        return createUser(database.db, {
          email,
          password,
          name: values.name,
          platformAdmin: values['platform-admin'],
        });
      });
      const role = created.user.platformAdmin ? 'platform administrator' : 'user';
      console.log(`Created ${role} ${created.user.email}.`);
      if (created.generated) console.log(`Password (shown once): ${created.password}`);
      return 0;
    }
    case 'disable-user':
    case 'enable-user': {
      const disable = sub === 'disable-user';
      await withDatabase(async (database) => setUserDisabled(database.db, email, disable));
      console.log(disable ? `Disabled ${email} and ended its sessions.` : `Enabled ${email}.`);
      return 0;
    }
    default:
      throw new UsageError(`unknown admin command "${sub ?? ''}"`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function report(results: Awaited<ReturnType<typeof importFiles>>): number {
  for (const r of results) {
    if (r.outcome === 'failed') console.error(`failed     ${r.file}: ${r.error}`);
    else console.log(`${r.outcome.padEnd(10)} ${r.slug}  (${r.file})`);
  }
  const failed = results.filter((r) => r.outcome === 'failed').length;
  console.log(`${results.length - failed} imported, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** One line for the user: file-system errors in plain words, everything else by its own message. */
function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return `no such file or directory: ${e.path}`;
  if (e?.code === 'EACCES') return `permission denied: ${e.path}`;
  if (e?.code === 'EISDIR') return `is a directory: ${e.path}`;
  return e?.message?.split('\n')[0] ?? String(error);
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error) => {
    console.error(`rolecraft: ${describe(error)}`);
    if (error instanceof UsageError) console.error('Run `rolecraft --help` for usage.');
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
