import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { exportRegistryFile, importRegistryFile } from './cli-registry.js';
import { loadConfig, type Config } from './config.js';
import {
  backupDatabase,
  backupFiles,
  checksumTables,
  filesBackupFolder,
  restoreDatabase,
  restoreFiles,
} from './db/backup.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { countAccounts } from './modules/accounts/accounts.repository.js';
import { systemActor } from './auth/actor.js';
import { createAdministrator, resetSecondFactorOfUsername } from './modules/accounts/accounts.service.js';
import { passwordMinLength, setPasswordMinLength } from './modules/accounts/password-policy.service.js';
import { movePhotosIntoFileStore } from './modules/cases/case-photos.service.js';
import { rebuildCountyFigures } from './modules/cases/figures.service.js';
import { startSweeping, sweepOnce } from './modules/cases/sweep.js';
import { addClient, countyIdOfCode } from './modules/open311/open311.service.js';
import { isDemoInstallation } from './modules/settings/settings.service.js';
import { demoCountyName } from './seed/demo-county.js';
import { openFileStore } from './storage/open-file-store.js';
import { seedDemo, setDemoPasswords, type DemoAccount } from './seed/seed-demo.js';

const usage = `gridlink — party-building-led grid governance

Usage:
  gridlink serve                      migrate, seed the demo county on a first start, serve the console
  gridlink migrate                    apply database migrations
  gridlink seed [--scale town|county] seed the demo county into an empty database
  gridlink import registry FILE [--region ID_OR_CODE]
                                      import a ledger (.xlsx or .csv); problems go to FILE-导入问题.xlsx
  gridlink export registry [--region ID_OR_CODE] FILE.xlsx
                                      export the people of a region as a ledger (ID numbers and phones masked)
  gridlink create-admin --username NAME [--display-name NAME]
                                      create a system administrator (password from GRIDLINK_ADMIN_PASSWORD or asked)
  gridlink reset-second-factor --username NAME
                                      remove an account's two-step verification (a lost phone): it signs in with its
                                      password and enrols again if its role requires it
  gridlink password-policy [--min-length N]
                                      show, or set (8–64), the minimum length of new passwords (default 12)
  gridlink figures rebuild [--county CODE]
                                      recompute the case figures of a county (or of all) from its cases
  gridlink sweep                      warn of deadlines near, escalate overdue cases, send group robot messages
                                      and remove settled ones (read notifications after 90 days, messages after 30)
                                      and visit and inspection photos no record claimed within 48 hours
                                      once (serve does it every SWEEP_INTERVAL_SECONDS)
  gridlink backup FILE                write a backup of the whole database to FILE (pg_dump's custom format for
                                      PostgreSQL, a tarball of the folder for PGlite — stop the server first) and
                                      copy the folder store's files to FILE.files (a bucket is backed up by its own means)
  gridlink restore FILE [--force]     load a backup into an empty database (--force replaces a non-empty one), and
                                      its files from FILE.files into the folder store
  gridlink checksums                  print every table's row count and checksum, to compare a restore with its source
  gridlink open311 add-client NAME --county CODE
                                      let a client application (a FixMyStreet installation) post to the county's
                                      Open311 endpoint; prints its API key on the last line

Settings (environment): PORT (3000), DATA_DIR (./data, the embedded PGlite database and the files),
DATABASE_URL (postgres://… to use PostgreSQL instead), DEMO_PASSWORD, NODE_ENV=production, BASEMAP_URL,
SWEEP_INTERVAL_SECONDS (60; 0: only by gridlink sweep), FILE_STORE (folder: DATA_DIR/files; s3: a bucket named by
S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE).`;

async function withDatabase<Result>(
  config: Config,
  work: (handle: DatabaseHandle) => Promise<Result>,
): Promise<Result> {
  const handle = await openDatabase(config);
  try {
    await handle.migrate();
    return await work(handle);
  } finally {
    await handle.close();
  }
}

function printDemoLogins(accounts: DemoAccount[], password: string, isGenerated: boolean) {
  console.log(
    '\nDemo accounts (演示账号)' +
      (isGenerated ? ' — password generated for this start; set DEMO_PASSWORD to fix it:' : ':'),
  );
  for (const account of accounts) {
    const sees = account.unitName ? `${account.unitName}, ${account.regionName}` : account.regionName;
    console.log(`  ${account.username.padEnd(8)} ${account.role.padEnd(12)} ${sees ?? '(whole system)'}`);
  }
  console.log(`  password: ${password}\n`);
}

/**
 * Makes the database ready to serve. Outside production an empty database gets the demo county; in production
 * demo accounts and their known passwords are refused.
 */
async function prepare(config: Config, handle: DatabaseHandle) {
  const { db } = handle;
  if (config.isProduction) {
    if ((await countAccounts(db, { isDemo: true })) > 0) {
      throw new Error('This database holds demo accounts with known passwords; production refuses to start on it.');
    }
    if ((await countAccounts(db)) === 0)
      console.log('No accounts yet: create one with `gridlink create-admin --username NAME`.');
    return;
  }
  if (!(await isDemoInstallation(db)) && (await countAccounts(db)) === 0) {
    console.log(`First start: seeding the demo county ${demoCountyName}…`);
    await seedDemo(db, { scale: 'town', password: config.demoPassword ?? randomBytes(9).toString('base64url') });
  }
  if (await isDemoInstallation(db)) {
    const password = config.demoPassword ?? randomBytes(9).toString('base64url');
    printDemoLogins(await setDemoPasswords(db, password), password, config.demoPassword === undefined);
  }
}

async function serve(config: Config) {
  const handle = await openDatabase(config);
  await handle.migrate();
  const files = openFileStore(config.fileStore);
  const moved = await movePhotosIntoFileStore(handle.db, files);
  if (moved > 0) console.log(`Moved the bytes of ${moved} photos from the database into the file store.`);
  await prepare(config, handle);
  const app = await buildApp({ db: handle.db, config });
  handle.setConnectionLog(app.log);
  const sweeping =
    config.sweepIntervalSeconds > 0
      ? startSweeping(handle.db, {
          intervalSeconds: config.sweepIntervalSeconds,
          log: app.log,
          isPrivateWebhookAllowed: config.isPrivateWebhookAllowed,
          files,
        })
      : undefined;
  const shutdown = async () => {
    try {
      await sweeping?.stop();
      await app.close();
      await handle.close();
      process.exit(0);
    } catch (error) {
      // Stopping while the database is away may fail to close its connections; the process ends all the same.
      app.log.error({ err: error }, 'Stopping did not finish cleanly');
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  const database = handle.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`gridlink serves http://localhost:${config.port} (database: ${database}); API docs at /api/docs`);
}

async function askPassword(): Promise<string> {
  if (process.env.GRIDLINK_ADMIN_PASSWORD) return process.env.GRIDLINK_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('Set GRIDLINK_ADMIN_PASSWORD, or run in a terminal to be asked.');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question('Password (at least 12 characters): ');
  } finally {
    prompt.close();
  }
}

export async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scale: { type: 'string', default: 'town' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      region: { type: 'string' },
      county: { type: 'string' },
      'min-length': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      await withDatabase(config, async (handle) => console.log(`Migrations applied (${handle.kind}).`));
      return;
    case 'seed': {
      if (values.scale !== 'town' && values.scale !== 'county') throw new Error('--scale must be town or county.');
      const scale = values.scale;
      await withDatabase(config, async ({ db }) => {
        if ((await countAccounts(db)) > 0) throw new Error('The database is not empty; seed only a fresh one.');
        const password = config.demoPassword ?? randomBytes(9).toString('base64url');
        const summary = await seedDemo(db, { scale, password });
        console.log(`Seeded the demo county (${scale}):`, summary.counts);
        printDemoLogins(summary.accounts, password, config.demoPassword === undefined);
      });
      return;
    }
    case 'create-admin': {
      if (!values.username) throw new Error('Give --username.');
      const username = values.username.trim().toLowerCase();
      const password = await askPassword();
      await withDatabase(config, ({ db }) =>
        createAdministrator(db, { username, displayName: values['display-name'] ?? username, password }),
      );
      console.log(`Administrator ${username} created.`);
      return;
    }
    case 'reset-second-factor': {
      if (!values.username) throw new Error('Give --username.');
      const username = values.username.trim().toLowerCase();
      await withDatabase(config, ({ db }) => resetSecondFactorOfUsername(db, systemActor('cli'), username));
      console.log(`Two-step verification of ${username} removed; its sessions are signed out.`);
      return;
    }
    case 'password-policy':
      await withDatabase(config, async ({ db }) => {
        if (values['min-length'] !== undefined) {
          await setPasswordMinLength(db, systemActor('cli'), Number(values['min-length']));
        }
        console.log(`New passwords need at least ${await passwordMinLength(db)} characters.`);
      });
      return;
    case 'sweep':
      await withDatabase(config, async ({ db }) => {
        // The server's round, once, each part's counts printed as a line.
        await sweepOnce(db, {
          log: {
            info: (counts, name) => console.log(`${name}: ${JSON.stringify(counts)}`),
            error: (details, message) =>
              console.error(`${message}: ${details.err instanceof Error ? details.err.message : details.err}`),
          },
          isPrivateWebhookAllowed: config.isPrivateWebhookAllowed,
          files: openFileStore(config.fileStore),
        });
        console.log('Sweep done.');
      });
      return;
    case 'figures': {
      if (positionals[1] !== 'rebuild') throw new Error('Usage: gridlink figures rebuild [--county CODE]');
      await withDatabase(config, async ({ db }) => {
        for (const county of await rebuildCountyFigures(db, systemActor('cli'), values.county)) {
          console.log(`${county.name} (${county.code}): ${county.rows} rows of case figures rebuilt.`);
        }
      });
      return;
    }
    case 'open311': {
      const [, subcommand, name] = positionals;
      if (subcommand !== 'add-client' || !name || !values.county) {
        throw new Error('Usage: gridlink open311 add-client NAME --county CODE');
      }
      const countyCode = values.county;
      await withDatabase(config, async ({ db }) => {
        const countyId = await countyIdOfCode(db, countyCode);
        const client = await addClient(db, systemActor('cli'), { name, countyId });
        console.log(`Open311 client ${client.name} added to county ${countyCode}. Its API key, shown only now:`);
        console.log(client.key);
      });
      return;
    }
    case 'import':
    case 'export': {
      const [, subject, file] = positionals;
      if (subject !== 'registry' || !file)
        throw new Error(`Usage: gridlink ${command} registry FILE [--region ID_OR_CODE]`);
      const region = values.region;
      if (command === 'export') return withDatabase(config, ({ db }) => exportRegistryFile(db, file, region));
      process.exitCode = await withDatabase(config, ({ db }) => importRegistryFile(db, file, region));
      return;
    }
    case 'checksums': {
      // No migration first: the drill compares the database exactly as the backup left it.
      const handle = await openDatabase(config);
      try {
        for (const table of await checksumTables(handle.db)) {
          console.log(`${table.table}\t${table.rows}\t${table.checksum}`);
        }
      } finally {
        await handle.close();
      }
      return;
    }
    case 'backup':
    case 'restore': {
      const [, file] = positionals;
      if (!file) throw new Error(`Usage: gridlink ${command} FILE${command === 'restore' ? ' [--force]' : ''}`);
      if (command === 'backup') {
        await backupDatabase(config, file);
        console.log(`Backup written to ${file}.`);
        console.log(
          backupFiles(config.fileStore, file)
            ? `Files (photos, waiting uploads) copied to ${filesBackupFolder(file)}: keep it with the backup.`
            : 'The files are in the S3 bucket, which this backup does not hold: back the bucket up by its own means.',
        );
      } else {
        await restoreDatabase(config, file, { force: values.force });
        console.log(`Restored ${file}. Start gridlink as usual; it applies any newer migrations.`);
        if (restoreFiles(config.fileStore, file)) console.log(`Files restored from ${filesBackupFolder(file)}.`);
      }
      return;
    }
    default:
      throw new Error(`Unknown command ${command}.\n\n${usage}`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
