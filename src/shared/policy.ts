/**
 * The one place that says what each role may do (role → capabilities).
 * The server enforces it; the API returns the computed abilities so the UI can hide what a user can't do.
 * Where a capability applies is decided separately, by the user's region scope.
 */
export const roles = [
  'admin',
  'county',
  'town',
  'village',
  'grid_leader',
  'grid_member',
  'cadre',
  'unit',
  'resident',
] as const;
export type Role = (typeof roles)[number];
/** A resident (群众) signs in with a text-message code to report and follow their own cases; nobody grants the role. */
export type StaffRole = Exclude<Role, 'resident'>;
export const staffRoles = roles.filter((role): role is StaffRole => role !== 'resident');

export const capabilities = [
  'region.read',
  'region.write',
  /** Draw, edit or upload the boundaries of the regions below one's own. */
  'boundary.write',
  'staff.read',
  'staff.write',
  'party.read',
  'party.write',
  'account.read',
  'account.write',
  'audit.read',
  'sensitive.read',
  'registry.read',
  /** Registering and correcting persons and households in one's own area: field collection (a cadre's too). */
  'registry.collect',
  /** Deleting from the registry and keeping places: the grid workers' keeping, beyond collecting. */
  'registry.write',
  'registry.import',
  'registry.export',
  'case.read',
  'case.report',
  'case.configure',
  /** Campaigns (敲门行动 …): everyone reads those of their area; village and up (a grid leader: their grid) run them. */
  'campaign.read',
  'campaign.write',
  /** The county's own kinds of campaign beside the defaults. */
  'campaign.configure',
  /** Dispute mediation (矛盾纠纷调解): everyone in the chain reads it; grid workers and above mediate. */
  'dispute.read',
  'dispute.mediate',
  /** Household visits (入户走访): reading them goes with reading the registry, recording them with grid work. */
  'visit.read',
  'visit.record',
  /** Hazard inspections (隐患排查): everyone in the chain inspects places and reads them; the county keeps the checklists. */
  'inspection.read',
  'inspection.record',
  'inspection.configure',
  /** The county sets how often households are visited (its visit plan rule), as it keeps its other lists. */
  'visit.configure',
  /** The county's units (共建单位): everyone reads the list, the county keeps it. */
  'unit.read',
  'unit.manage',
  /** Pairings (结对帮扶): everyone in the chain reads them and records contacts; the village and up pair. */
  'pairing.read',
  'pairing.record',
  'pairing.manage',
  /** The county's kinds of pairing (their names, contact frequency, one-to-one or not). */
  'pairing.configure',
  /** Micro-wishes (微心愿): everyone reads and claims them; grid workers register them; the village reviews them. */
  'wish.read',
  'wish.register',
  'wish.claim',
  'wish.review',
  /** Seasonal drives of wishes and what the county's public wall shows. */
  'wish.manage',
  /** The moral bank (道德银行): everyone reads it, grid workers record deposits and redemptions, the village (its
   * "bank president") and up keep rules and rewards and approve; the county turns its rankings on. */
  'moral_bank.read',
  'moral_bank.record',
  'moral_bank.manage',
  'moral_bank.configure',
  /** Cadres sent down (下沉干部): everyone reads those of their area and checks in; the village and up register
   * them and decide leave; the county sets the service days and the evaluation's weights. */
  'cadre.read',
  'cadre.check_in',
  'cadre.manage',
  'cadre.configure',
  /** Uploading a dispatching unit's list of cadres (导入名单): the village and up, and the unit itself for its own. */
  'cadre.import',
  /** Reports up the chain on cadres: the village and up generate and submit their own, the level above approves. */
  'cadre.report.submit',
  'cadre.report.approve',
  /** Unannounced spot checks (督查抽查) of cadres: everyone in the chain reads those of their area; the street and the
   * county plan and record them in their own area. */
  'spot_check.read',
  'spot_check.plan',
  /** Party-mass service centres (党群服务中心): everyone reads them, grid workers log consultations at the desk, the
   * village and up keep the centres, the county its consultation kinds. */
  'service_centre.read',
  'service_centre.record',
  'service_centre.manage',
  'service_centre.configure',
  /** The console SMS provider's outbox (demos and tests): it shows residents' sign-in codes, so administrators only. */
  'sms_outbox.read',
  /** The residents' channel of an area: its grids' QR posters, and the resident accounts (disable, enable). */
  'resident.manage',
  /** A resident follows the cases they reported (theirs only), confirms or reopens them once handled and rates them. */
  'case.follow_own',
] as const;
export type Capability = (typeof capabilities)[number];

/** Everyone in a grid reads its cases and reports what they find; who acts on a case is the case table's business. */
const readAll: Capability[] = [
  'dispute.read',
  'region.read',
  'staff.read',
  'party.read',
  'registry.read',
  'case.read',
  'case.report',
  // Everyone who reads the registry reads its visits, and everyone in the chain, cadres sent down included, visits.
  'visit.read',
  'visit.record',
  // Inspecting places (gas safety of the nine small places …) is field work of everyone in the chain.
  'inspection.read',
  'inspection.record',
  'campaign.read',
  'unit.read',
  // A cadre or a party member paired with a household records their own contacts: field work of everyone.
  'pairing.read',
  'pairing.record',
  // A cadre or a party member sent down claims a micro-wish and brings what was wished for.
  'wish.read',
  'wish.claim',
  'moral_bank.read',
  'cadre.read',
  'cadre.check_in',
  'spot_check.read',
  'service_centre.read',
];
/** Keeping the registry: what every grid worker does, from the grid member up. */
const keepRegistry: Capability[] = [
  'registry.collect',
  'registry.write',
  'registry.import',
  'registry.export',
  'sensitive.read',
  // Mediating disputes is grid work too: from the grid member up.
  'dispute.mediate',
  'wish.register',
  // Grid members collect the moral bank's deposits.
  'moral_bank.record',
  'service_centre.record',
];
const manageTerritory: Capability[] = [
  ...readAll,
  ...keepRegistry,
  'region.write',
  'boundary.write',
  'staff.write',
  'party.write',
  'campaign.write',
  'pairing.manage',
  'wish.review',
  'wish.manage',
  'moral_bank.manage',
  'cadre.manage',
  'cadre.import',
  'cadre.report.submit',
  'service_centre.manage',
  'resident.manage',
];
const manageAll: Capability[] = [
  ...manageTerritory,
  'account.read',
  'account.write',
  'audit.read',
  // Town and up review the reports of the levels below them.
  'cadre.report.approve',
  'spot_check.plan',
];

const policy: Record<Role, readonly Capability[]> = {
  // The county keeps its grid item catalogue, working calendar and group robots.
  admin: [
    ...manageAll,
    'sms_outbox.read',
    'case.configure',
    'inspection.configure',
    'visit.configure',
    'campaign.configure',
    'unit.manage',
    'pairing.configure',
    'moral_bank.configure',
    'cadre.configure',
    'service_centre.configure',
  ],
  county: [
    ...manageAll,
    'sms_outbox.read',
    'case.configure',
    'inspection.configure',
    'visit.configure',
    'campaign.configure',
    'unit.manage',
    'pairing.configure',
    'moral_bank.configure',
    'cadre.configure',
    'service_centre.configure',
  ],
  town: manageAll,
  // The village knows where its grids end: it draws them, but leaves the tree itself to the town. It also gives its
  // grid workers their accounts (of its rank or below, in its subtree), when it places them in a grid.
  village: [
    ...readAll,
    ...keepRegistry,
    'boundary.write',
    'staff.write',
    'party.write',
    'account.read',
    'account.write',
    'campaign.write',
    'pairing.manage',
    'wish.review',
    'moral_bank.manage',
    'cadre.manage',
    'cadre.import',
    'cadre.report.submit',
    'service_centre.manage',
    'resident.manage',
  ],
  grid_leader: [...readAll, ...keepRegistry, 'staff.write', 'campaign.write'],
  grid_member: [...readAll, ...keepRegistry],
  // A cadre collects households in their grid (seeds 003/004) but deletes nothing and reads numbers masked: collecting
  // is not keeping, so `registry.collect` without `registry.write`, `sensitive.read`, import or export.
  cadre: [...readAll, 'registry.collect'],
  // A dispatching unit (派出单位) sees its own people and nothing else: its cadres with their attendance, evaluation
  // and spot-check records, the quarterly reports that tell it of them, its own yearly report, and its own list to
  // upload. Every cadre query keeps it to its unit (withinUnit in auth/scope.ts).
  unit: ['cadre.read', 'cadre.import', 'cadre.report.submit'],
  // Nothing of the registry or the staff: only their own reports (the cases service keeps them to those).
  resident: ['case.report', 'case.follow_own'],
};

/**
 * Rank orders the roles from the widest to the narrowest; a user may grant only roles of their own rank or below.
 */
export const roleRank: Record<Role, number> = {
  admin: 0,
  county: 1,
  town: 2,
  village: 3,
  grid_leader: 4,
  grid_member: 5,
  cadre: 5,
  unit: 5,
  resident: 6,
};

/** Region levels at which each role can be anchored; admin is anchored nowhere (the whole system). */
export const roleLevels: Record<Role, readonly RegionLevel[]> = {
  admin: [],
  county: ['county'],
  town: ['town'],
  village: ['village'],
  grid_leader: ['grid'],
  grid_member: ['grid', 'micro_grid'],
  cadre: ['grid'],
  // Anchored at the county of its unit; what it sees is the unit's, not the county's.
  unit: ['county'],
  resident: [],
};

export const regionLevels = ['county', 'town', 'village', 'grid', 'micro_grid'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** Digits each level adds to the region code (GB/T 2260 county code, then town, village, grid, micro-grid). */
export const regionCodeWidth: Record<RegionLevel, number> = {
  county: 6,
  town: 3,
  village: 3,
  grid: 3,
  micro_grid: 3,
};

/** The codes of a region's lineage: the county's, each level's below it, down to the code itself. */
export function lineageCodes(code: string): string[] {
  const codes: string[] = [];
  let length = 0;
  for (const level of regionLevels) {
    length += regionCodeWidth[level];
    if (length > code.length) break;
    codes.push(code.slice(0, length));
  }
  return codes;
}

/**
 * Roles whose rights come from a service registration (a cadre sent down): their writes to the registry stop when
 * the service ends, though the account stays to read what they did.
 */
export const serviceBoundRoles: readonly Role[] = ['cadre'];

export function can(role: Role, capability: Capability): boolean {
  return policy[role].includes(capability);
}

export function abilitiesOf(role: Role): Capability[] {
  return [...policy[role]];
}

export function canGrant(granter: Role, granted: Role): boolean {
  // Residents make their own accounts by signing in with their phone: staff never make or turn one into one.
  if (granted === 'resident') return false;
  // A unit's account is given by whoever keeps the county's units.
  if (granted === 'unit') return can(granter, 'account.write') && can(granter, 'unit.manage');
  return can(granter, 'account.write') && roleRank[granted] >= roleRank[granter];
}

export function childLevel(level: RegionLevel): RegionLevel | undefined {
  return regionLevels[regionLevels.indexOf(level) + 1];
}
