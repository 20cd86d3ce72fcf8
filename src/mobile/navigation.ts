/** The field app's screens: the five tabs, and the screens opened from them. */
export type Screen =
  | { name: 'tasks' | 'households' | 'report' | 'queue' | 'me' }
  | { name: 'household' | 'visit'; householdId: string }
  | { name: 'report'; householdId?: string }
  | { name: 'fix'; recordId: string };

export type Navigate = (screen: Screen) => void;
