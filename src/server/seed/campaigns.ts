import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { addDays, chinaDate, chinaDayStart } from '../../shared/clock.js';
import type { Executor } from '../db/client.js';
import { campaignParticipants, campaignRegions, campaigns, campaignTasks } from '../db/schema/index.js';
import type { DemoCounty, RegionRow } from './demo-county.js';

/** The first and last day (China's dates) of the month before the one `today` lies in. */
function lastMonth(today: string): { from: string; to: string } {
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

/**
 * The demo's campaigns, in the member's village and town: a finished 敲门行动 of last month and a 固定服务日 running
 * this month. Visits already seeded in their regions and periods are put under them (about half, those for a
 * campaign task or routine), and so are some cases reported there then; their tallies follow from those rows.
 */
export async function seedCampaigns(db: Executor, demo: DemoCounty, options: { now: Date }) {
  const countyId = demo.territory.county.id!;
  const member = demo.demoAccounts.find((account) => account.username === 'member');
  const regionById = new Map(demo.regions.map((region) => [region.id!, region]));
  const grid = member?.regionId ? regionById.get(member.regionId) : undefined;
  const village = grid?.parentId ? regionById.get(grid.parentId) : undefined;
  const town = village?.parentId ? regionById.get(village.parentId) : undefined;
  if (!grid || !village || !town) return { campaigns: 0 };
  const today = chinaDate(options.now);
  const month = lastMonth(today);
  const staffOf = (region: RegionRow) =>
    demo.staff.filter((staff) => {
      const code = regionById.get(staff.regionId)?.code ?? '';
      return code.startsWith(region.code);
    });
  const planned = [
    {
      name: `${village.name}“敲门行动”入户走访`,
      kind: 'knock_door',
      description: '党员干部、网格员逐户敲门，宣传政策、摸排需求、化解矛盾，做到不漏一户、不落一人。',
      period: month,
      region: village,
      staff: staffOf(village).slice(0, 12),
      others: [
        {
          kind: 'volunteer' as const,
          name: '红马甲志愿服务队',
          organisation: `${village.name}志愿者协会`,
          attendances: 6,
        },
        { kind: 'partner_unit' as const, name: '县供电公司党支部', organisation: '结对共建单位', attendances: 2 },
      ],
      tasks: ['走访独居老人和困难家庭', '排查楼道消防隐患', '收集群众“微心愿”'],
      share: 2,
    },
    {
      name: `${town.name}每周三固定服务日`,
      kind: 'fixed_service_day',
      description: '下沉干部和在职党员每周三到网格报到服务，帮办代办、政策宣讲、走访慰问。',
      period: { from: addDays(today, -14), to: addDays(today, 14) },
      region: town,
      staff: staffOf(town)
        .filter((staff) => staff.kind === 'sunk_cadre' || staff.kind === 'grid_member')
        .slice(0, 20),
      others: [{ kind: 'partner_unit' as const, name: '县人民医院', organisation: '驻区单位', attendances: 3 }],
      tasks: ['义诊进网格', '为老年人代办医保认证'],
      share: 3,
    },
  ];
  for (const campaign of planned) {
    const id = uuidv7();
    await db.insert(campaigns).values({
      countyId,
      id,
      name: campaign.name,
      kind: campaign.kind,
      description: campaign.description,
      startDate: campaign.period.from,
      endDate: campaign.period.to,
    });
    await db
      .insert(campaignRegions)
      .values({ countyId, campaignId: id, regionId: campaign.region.id!, regionCode: campaign.region.code });
    const participants = [
      ...campaign.staff.map((staff, index) => ({
        countyId,
        id: uuidv7(),
        campaignId: id,
        kind: 'staff' as const,
        staffId: staff.id!,
        name: staff.name,
        organisation: staff.dispatchingUnit ?? regionById.get(staff.regionId)?.name ?? '',
        attendances: index % 3 === 0 ? 1 : 0,
      })),
      ...campaign.others.map((other) => ({ countyId, id: uuidv7(), campaignId: id, staffId: null, ...other })),
    ];
    if (participants.length > 0) await db.insert(campaignParticipants).values(participants);
    await db.insert(campaignTasks).values(
      campaign.tasks.map((title, index) => ({
        countyId,
        id: uuidv7(),
        campaignId: id,
        title,
        dueDate: addDays(campaign.period.from, 7 * (index + 1)),
        assigneeId: participants[index]?.id ?? null,
        isDone: campaign.period.to < today || index === 0,
      })),
    );
    const start = chinaDayStart(campaign.period.from).toISOString();
    const end = chinaDayStart(addDays(campaign.period.to, 1)).toISOString();
    const prefix = `${campaign.region.code}%`;
    // One visit in `share` of those of the region and period (by the id's last byte: stable and spread).
    await db.execute(sql`update visits set campaign_id = ${id}
      where county_id = ${countyId} and region_code like ${prefix} and campaign_id is null
        and visited_at >= ${start}::timestamptz and visited_at < ${end}::timestamptz
        and purpose in ('campaign_task', 'routine', 'policy_notice')
        and get_byte(uuid_send(id), 15) % ${campaign.share} = 0`);
    await db.execute(sql`update cases set campaign_id = ${id}
      where county_id = ${countyId} and region_code like ${prefix} and campaign_id is null
        and reported_at >= ${start}::timestamptz and reported_at < ${end}::timestamptz and source = 'visit'
        and get_byte(uuid_send(id), 15) % ${campaign.share * 2} = 0`);
  }
  return { campaigns: planned.length };
}
