import type { LocalizedText } from './language.js';

/**
 * The kinds of campaign every county starts with (我当一天网格员, 敲门行动, 背包住村, 主题党日, 固定服务日); a county
 * may add its own kinds beside them (campaign_kinds).
 */
export const defaultCampaignKinds = [
  { code: 'grid_member_for_a_day', name: { zh: '我当一天网格员', en: 'Grid member for a day' } },
  { code: 'knock_door', name: { zh: '敲门行动', en: 'Knock-door action' } },
  { code: 'backpack_in_village', name: { zh: '背包住村', en: 'Backpack in the village' } },
  { code: 'theme_party_day', name: { zh: '主题党日', en: 'Theme party day' } },
  { code: 'fixed_service_day', name: { zh: '固定服务日', en: 'Fixed service day' } },
  { code: 'other', name: { zh: '其他活动', en: 'Other campaign' } },
] as const satisfies readonly { code: string; name: LocalizedText }[];

/** A kind code: lower-case letters, digits and underscores, as the defaults are written. */
export const campaignKindCodePattern = /^[a-z][a-z0-9_]{1,39}$/;

/** Where a campaign stands: by its dates (planned, running, finished), unless it was cancelled. */
export const campaignStatuses = ['planned', 'running', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/**
 * Who takes part: a staff record of a grid (a grid member, a sunk cadre, a volunteer…), or someone named who is in no
 * record — a volunteer, a partner (co-building) unit, anyone else.
 */
export const participantKinds = ['staff', 'volunteer', 'partner_unit', 'other'] as const;
export type ParticipantKind = (typeof participantKinds)[number];

/** A campaign's status on a day (China's date): cancelled wins; otherwise its dates decide. */
export function campaignStatusOn(
  campaign: { startDate: string; endDate: string; isCancelled: boolean },
  today: string,
): CampaignStatus {
  if (campaign.isCancelled) return 'cancelled';
  if (today < campaign.startDate) return 'planned';
  if (today > campaign.endDate) return 'finished';
  return 'running';
}

/** The longest a campaign may run, in days (a year and a day: a campaign is not a standing programme). */
export const longestCampaignDays = 366;
