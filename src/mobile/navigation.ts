/** The field app's screens: the five tabs, and the screens opened from them. */
export type Screen =
  | { name: 'tasks' | 'households' | 'report' | 'queue' | 'me' | 'inspection' | 'disputes' | 'dispute' }
  /** A campaign's task chosen on 今日任务: the household picked next is visited under that campaign. */
  | { name: 'households'; campaignId?: string }
  | { name: 'household' | 'visit'; householdId: string; campaignId?: string }
  | { name: 'report'; householdId?: string }
  /** 道德银行: a deposit for a member of a household, or (from 今日任务) for anyone of the grid. */
  | { name: 'deposit'; householdId?: string }
  | { name: 'wish'; householdId: string }
  | { name: 'session' | 'outcome'; disputeId: string }
  /** 隐患复查: the grid's open hazards, then one inspection's re-inspection. */
  | { name: 'rechecks' }
  | { name: 'recheck'; inspectionId: string }
  | { name: 'fix'; recordId: string };

export type Navigate = (screen: Screen) => void;
