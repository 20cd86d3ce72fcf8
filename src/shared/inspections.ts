import type { PlaceKind } from './registry.js';

/**
 * Hazard inspections (隐患排查) of places: the words both sides share and the default checklist every county starts
 * with (九小场所燃气安全, after seed [000]'s gas-safety checks of restaurants and small places).
 */

/** What an item of a checklist was found to be. */
export const inspectionItemResults = ['ok', 'not_ok', 'not_applicable'] as const;
export type InspectionItemResult = (typeof inspectionItemResults)[number];

/** What became of a failed item: put right there and then (随查随改), or a case with a deadline. */
export const inspectionResolutions = ['fixed', 'case'] as const;
export type InspectionResolution = (typeof inspectionResolutions)[number];

/** A first inspection, or a re-inspection (复查) of the items an earlier one left open. */
export const inspectionKinds = ['inspection', 're_inspection'] as const;
export type InspectionKind = (typeof inspectionKinds)[number];

/** A photo of the hazard as found, or of the fix. */
export const inspectionPhotoStages = ['before', 'after'] as const;
export type InspectionPhotoStage = (typeof inspectionPhotoStages)[number];

/** An item of a checklist: an ASCII code, its words in both languages, and the catalogue item a case of it is filed under. */
export type ChecklistItemDefinition = { code: string; nameZh: string; nameEn: string; category: string };

/** The checklist each county starts with; the county edits it (or adds others) afterwards. */
export const defaultChecklist: {
  nameZh: string;
  nameEn: string;
  placeKinds: PlaceKind[];
  items: ChecklistItemDefinition[];
} = {
  nameZh: '九小场所燃气安全检查',
  nameEn: 'Gas safety of the nine small places',
  placeKinds: ['nine_small_place', 'restaurant', 'shop'],
  items: [
    {
      code: 'gas_hose',
      nameZh: '燃气软管老化、超长或穿墙',
      nameEn: 'Gas hose aged, too long or through a wall',
      category: 'fire_safety',
    },
    {
      code: 'stove_flame_failure',
      nameZh: '灶具不合规（无熄火保护装置）',
      nameEn: 'Stove without flame-failure protection',
      category: 'fire_safety',
    },
    {
      code: 'gas_alarm',
      nameZh: '未安装燃气泄漏报警器',
      nameEn: 'No gas leak alarm installed',
      category: 'fire_safety',
    },
    {
      code: 'exit_blocked',
      nameZh: '安全出口、疏散通道堵塞',
      nameEn: 'Emergency exit or escape route blocked',
      category: 'fire_safety',
    },
    {
      code: 'extinguisher',
      nameZh: '灭火器缺失或过期',
      nameEn: 'Fire extinguisher missing or expired',
      category: 'fire_safety',
    },
    {
      code: 'wiring',
      nameZh: '电线私拉乱接',
      nameEn: 'Improvised electrical wiring',
      category: 'fire_safety',
    },
    {
      code: 'lpg_cylinder',
      nameZh: '液化气钢瓶超期未检',
      nameEn: 'LPG cylinder past its inspection date',
      category: 'fire_safety',
    },
    {
      code: 'fume_duct',
      nameZh: '油烟管道未定期清洗',
      nameEn: 'Kitchen fume duct not cleaned',
      category: 'fire_safety',
    },
    {
      code: 'cylinder_storage',
      nameZh: '钢瓶存放处通风不良或与明火同室',
      nameEn: 'Cylinders stored unventilated or beside open flame',
      category: 'fire_safety',
    },
  ],
};

/** An item code: lower-case ASCII letters, digits and underscores, starting with a letter. */
export const checklistItemCodePattern = /^[a-z][a-z0-9_]{1,39}$/;
