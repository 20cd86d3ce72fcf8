/** A kind of a county's list (dispute kinds, consultation kinds …) as the list's definition names it. */
export type KindDefinition = { code: string; nameZh: string; nameEn: string };

/** A kind as a county keeps it: a default it renamed or retired, or one of its own. */
export type CountyKind = KindDefinition & { isActive: boolean };

/**
 * The kinds a county uses: the defaults, with the names the county gave them and retired where it retired them, then
 * its own kinds. Every county list of this shape reads the same way.
 */
export function mergeCountyKinds(
  defaults: readonly KindDefinition[],
  own: readonly CountyKind[],
): (CountyKind & { isDefault: boolean })[] {
  const byCode = new Map(own.map((row) => [row.code, row]));
  const renamed = defaults.map((kind) => {
    const row = byCode.get(kind.code);
    return {
      code: kind.code,
      nameZh: row?.nameZh ?? kind.nameZh,
      nameEn: row?.nameEn ?? kind.nameEn,
      isActive: row?.isActive ?? true,
      isDefault: true,
    };
  });
  const defaultCodes = new Set(defaults.map((kind) => kind.code));
  const added = own
    .filter((row) => !defaultCodes.has(row.code))
    .map((row) => ({
      code: row.code,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      isActive: row.isActive,
      isDefault: false,
    }));
  return [...renamed, ...added];
}
