import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { lineageCodes } from '../../../shared/policy.js';
import type { StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import * as repository from './resident-poster.repository.js';

/** A town's poster file prints every grid; a county's hundreds would take minutes and nobody prints them at once. */
export const posterGridLimit = 200;

/** The address a grid's residents open: the resident page, which reads the grid from its code. */
export function residentPageAddress(baseUrl: string, gridCode: string): string {
  return `${baseUrl}/r/?grid=${encodeURIComponent(gridCode)}`;
}

const require = createRequire(import.meta.url);
// Whole TTF files (10 MB each), read once: pdfkit embeds only the characters a poster prints.
const fontFiles = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= { regular: fs.readFileSync(fontFiles.regular), bold: fs.readFileSync(fontFiles.bold) };
  return fonts;
}

const staffKindNames: Record<StaffKind, string> = {
  grid_leader: '网格长',
  grid_member: '网格员',
  sunk_cadre: '下沉干部',
  volunteer: '志愿者',
  central_household: '中心户',
  building_leader: '楼栋长',
};

const title = '扫码反映问题 · 微心愿 · 查看网格员';
const howTo = [
  '用微信“扫一扫”或手机相机扫描上方二维码，无需下载 App。',
  '输入手机号，填写短信验证码登录。',
  '拍照上报身边的问题，提交微心愿，随时查看办理进度并评价。',
  '查看本网格的网格员和服务电话，有事找得到人。',
];

type GridPoster = {
  code: string;
  fullName: string;
  address: string;
  people: { kind: StaffKind; names: string[] }[];
  servicePhone: { name: string; phone: string } | undefined;
};

/**
 * The printable A4 QR-code posters (one page a grid) of a grid, or of every grid under a village, town or county:
 * the code opens the grid's resident page. Names and positions of the grid's people, and only a service centre's
 * published phone, never a personal one. Audited as a print of the region.
 */
export async function printResidentPosters(
  db: Database,
  actor: Actor,
  regionId: string,
  baseUrl: string,
): Promise<{ content: Buffer; fileName: string }> {
  assertCan(actor, 'resident.manage');
  const root = await loadRegion(db, actor, regionId);
  if (root.level === 'micro_grid') {
    throw new AppError('validation_failed', {
      en: `${root.name} is a micro-grid: print the poster of the grid it belongs to.`,
      zh: `${root.name} 是微网格，请打印其所属网格的海报。`,
    });
  }
  const grids = await repository.listGridsUnder(db, root.code, posterGridLimit + 1);
  if (grids.length === 0) {
    throw new AppError('validation_failed', {
      en: `${root.name} has no grids yet: add its grids first.`,
      zh: `${root.name} 下还没有网格，请先添加网格。`,
    });
  }
  if (grids.length > posterGridLimit) {
    throw new AppError('too_many_grids', {
      en: `${root.name} has more than ${posterGridLimit} grids: print the posters of one town or village at a time.`,
      zh: `${root.name} 下的网格超过 ${posterGridLimit} 个，请按乡镇（街道）或村（社区）分别打印。`,
    });
  }
  const posters = await describeGrids(db, root.countyId, grids, baseUrl);
  const content = await renderPosters(`${root.name} 网格二维码海报`, posters);
  await recordAudit(db, actor, {
    action: 'region.print_poster',
    entityType: 'region',
    entityId: root.id,
    regionCode: root.code,
    countyId: root.countyId,
    outcome: 'success',
    details: { grids: grids.length },
  });
  return { content, fileName: `${root.name}-二维码海报.pdf` };
}

/** What a grid's poster, and its 亮身份 card on the residents' page, say of it. */
export async function describeGrids(
  db: Database,
  countyId: string,
  grids: { code: string; name: string }[],
  baseUrl: string,
): Promise<GridPoster[]> {
  const codes = [...new Set(grids.flatMap((grid) => lineageCodes(grid.code)))];
  const names = new Map((await repository.listRegionNames(db, codes)).map((row) => [row.code, row.name]));
  const people = await repository.listGridPeople(
    db,
    countyId,
    grids.map((grid) => grid.code),
  );
  const phones = await repository.listServicePhones(db, countyId, codes);
  return grids.map((grid) => {
    const lineage = lineageCodes(grid.code);
    const byKind = new Map<StaffKind, string[]>();
    for (const person of people.filter((row) => row.regionCode.startsWith(grid.code))) {
      byKind.set(person.kind, [...(byKind.get(person.kind) ?? []), person.name]);
    }
    // The nearest centre up the chain: the village's own, else the town's.
    const servicePhone = lineage
      .slice(0, -1)
      .reverse()
      .map((code) => phones.find((row) => row.regionCode === code))
      .find((row) => row !== undefined);
    return {
      code: grid.code,
      fullName: lineage.map((code) => names.get(code) ?? code).join(' › '),
      address: residentPageAddress(baseUrl, grid.code),
      people: (Object.keys(staffKindNames) as StaffKind[])
        .filter((kind) => byKind.has(kind))
        .map((kind) => ({ kind, names: byKind.get(kind)! })),
      servicePhone,
    };
  });
}

const pageWidth = 595.28;
const margin = 50;
const contentWidth = pageWidth - 2 * margin;
const qrSize = 240;
/** Where the footer line sits: above the bottom margin, so pdfkit never starts a page for it. */
const footerTop = 770;

async function renderPosters(documentTitle: string, posters: GridPoster[]): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  // Title and Subject name what is inside for a reader (and a test) without extracting the subset fonts' text.
  const document = new PDFDocument({
    size: 'A4',
    margin,
    autoFirstPage: false,
    info: {
      Title: documentTitle,
      Subject: posters.map((poster) => poster.fullName).join('；'),
      Keywords: posters.map((poster) => poster.address).join(' '),
      Creator: 'gridlink',
    },
  });
  document.registerFont('regular', regular);
  document.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    document.on('end', resolve);
    document.on('error', reject);
  });
  for (const poster of posters) drawPoster(document, poster);
  document.end();
  await finished;
  return Buffer.concat(chunks);
}

function drawPoster(document: PDFKit.PDFDocument, poster: GridPoster) {
  document.addPage();
  const centred = { width: contentWidth, align: 'center' as const };
  document.font('bold').fontSize(24).fillColor('#c8102e').text(title, margin, 56, centred);
  document.moveDown(0.4).font('regular').fontSize(14).fillColor('#222222').text(poster.fullName, centred);

  const qrTop = document.y + 18;
  const qrLeft = (pageWidth - qrSize) / 2;
  drawQrCode(document, poster.address, qrLeft, qrTop, qrSize);
  document.link(qrLeft, qrTop, qrSize, qrSize, poster.address);
  document
    .font('regular')
    .fontSize(10)
    .fillColor('#444444')
    .text(poster.address, margin, qrTop + qrSize + 8, centred);

  document.moveDown(1.2).font('bold').fontSize(14).fillColor('#222222').text('本网格的工作人员', margin);
  document.moveDown(0.3).font('regular').fontSize(12);
  if (poster.people.length === 0) document.text('网格工作人员正在安排中。');
  for (const group of poster.people) {
    document.text(`${staffKindNames[group.kind]}：${group.names.join('、')}`, {
      width: contentWidth,
      height: 18,
      ellipsis: true,
    });
  }
  const phone = poster.servicePhone;
  document
    .moveDown(0.3)
    .text(phone ? `服务电话：${phone.phone}（${phone.name}）` : '服务电话：请咨询所在村（社区）党群服务中心', {
      width: contentWidth,
    });

  document.moveDown(1).font('bold').fontSize(14).text('怎么用', margin);
  document.moveDown(0.3).font('regular').fontSize(12);
  howTo.forEach((step, index) => document.text(`${index + 1}. ${step}`, { width: contentWidth }));

  document
    .font('regular')
    .fontSize(9)
    .fillColor('#888888')
    .text('网格通 · 让信息多跑腿，让群众少跑路', margin, footerTop, centred);
}

/** The code drawn as vector squares, sharp at any print size, with the quiet zone the scanners need around it. */
function drawQrCode(document: PDFKit.PDFDocument, text: string, left: number, top: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quietModules = 2;
  const cell = size / (modules.size + 2 * quietModules);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const x = left + (column + quietModules) * cell;
      const y = top + (row + quietModules) * cell;
      // A hair wider than the cell, so no white seams show between neighbouring squares.
      document.rect(x, y, cell + 0.3, cell + 0.3);
    }
  }
  document.fillColor('#000000').fill();
}
