import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor, type Actor } from './auth/actor.js';
import type { Database } from './db/client.js';
import { findRegionByIdOrCode, listCounties } from './modules/regions/regions.repository.js';
import { problemReportFileName, writeProblemReport } from './modules/registry/ledger/write-ledger.js';
import { exportPersons } from './modules/registry/registry-export.service.js';
import { importLedger } from './modules/registry/registry-import.service.js';

/**
 * The operator at the command line acts with full rights, limited to the region named, as the system actor
 * `system:cli`; the audit log keeps the operating-system user who ran the command.
 */
async function operatorFor(
  db: Database,
  regionIdOrCode: string | undefined,
): Promise<{ actor: Actor; regionId: string }> {
  const region = regionIdOrCode ? await findRegionByIdOrCode(db, regionIdOrCode) : await onlyCounty(db);
  if (!region) throw new Error(`No region with id or code ${regionIdOrCode}.`);
  const actor = systemActor('cli', {
    scope: { regionId: region.id, regionCode: region.code, countyId: region.countyId },
    details: { osUser: operatingSystemUser() },
  });
  return { actor, regionId: region.id };
}

/** Who ran the command: a container may have no password entry for its user, hence the environment's name. */
function operatingSystemUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? null;
  }
}

async function onlyCounty(db: Database) {
  const counties = await listCounties(db);
  if (counties.length !== 1) throw new Error('Name the region with --region ID_OR_CODE.');
  return counties[0];
}

/**
 * `gridlink import registry FILE`: imports a ledger and prints a summary; problems go beside it, as the console
 * names them (台账.xlsx → 台账-导入问题.xlsx). Exits non-zero only when nothing could be read.
 */
export async function importRegistryFile(db: Database, file: string, region: string | undefined): Promise<number> {
  const { actor, regionId } = await operatorFor(db, region);
  const content = fs.readFileSync(file);
  const started = Date.now();
  const summary = await importLedger(db, actor, { regionId, fileName: path.basename(file), content });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Read ${summary.totalRows} rows in ${seconds.toFixed(1)} s: imported ${summary.inserted} new, updated ${summary.updated}, ` +
      `unchanged ${summary.unchanged}, skipped ${summary.errorRows} with problems.`,
  );
  if (summary.problems.length > 0) {
    const reportPath = path.join(path.dirname(file), problemReportFileName(path.basename(file)));
    fs.writeFileSync(reportPath, await writeProblemReport(summary.problems, { fileName: path.basename(file) }));
    console.log(`${summary.problems.length} problems listed in ${reportPath}`);
  }
  return summary.totalRows === 0 ? 1 : 0;
}

/**
 * `gridlink export registry --region … FILE.xlsx`: the region's people as a ledger (masked, as in the console). A
 * failed export leaves no half-written file behind.
 */
export async function exportRegistryFile(db: Database, file: string, region: string | undefined): Promise<void> {
  const { actor, regionId } = await operatorFor(db, region);
  const output = fs.createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => output.on('finish', () => resolve()).on('error', reject));
  try {
    const count = await exportPersons(db, actor, { regionId }, { isAsked: false }, output);
    await finished;
    console.log(`Exported ${count} people to ${file}.`);
  } catch (error) {
    output.destroy();
    fs.rmSync(file, { force: true });
    throw error;
  }
}
