import type { Relation, ResidenceType, Sex } from '../../../../shared/registry.js';

/**
 * The words ledgers use for coded values, and how each is stored. Words are looked up whole after
 * `normalizeWord`, so that a typo is reported rather than guessed.
 */

/** Full-width letters and digits to ASCII (NFKC), and no spaces: ＹＥＳ and 中共 党员 are YES and 中共党员. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKC').replace(/\s/g, '').toLowerCase();
}

function createLookup<Value>(wordsByValue: ReadonlyArray<readonly [Value, readonly string[]]>): Map<string, Value> {
  return new Map(wordsByValue.flatMap(([value, words]) => words.map((word) => [normalizeWord(word), value] as const)));
}

/** The tables below write their words as one space-separated list. */
function words(list: string): string[] {
  return list.split(' ');
}

const sexByWord = createLookup<Sex>([
  ['male', words('男 男性 m male')],
  ['female', words('女 女性 f female')],
]);

export function readSex(word: string): Sex | undefined {
  return sexByWord.get(normalizeWord(word));
}

const residenceTypeByWord = createLookup<ResidenceType>([
  ['registered', words('户籍 户籍人口 户籍人员')],
  ['resident', words('常住 常住人口 常住人员')],
  ['floating', words('流动 流动人口 流动人员 外来人口')],
]);

export function readResidenceType(word: string): ResidenceType | undefined {
  return residenceTypeByWord.get(normalizeWord(word));
}

/**
 * 政治面貌 as GB/T 4762 names it, in full and short, and the answers to 是否党员. Only the Communist Party's
 * members, full or probationary, are party members here; the democratic parties' members are not.
 */
const partyMembershipByWord = createLookup<boolean>([
  [true, words('中国共产党党员 中国共产党预备党员 中共党员 中共预备党员 党员 预备党员 是 y yes true √ 1')],
  [
    false,
    words(
      '群众 共青团员 中国共产主义青年团团员 团员 无党派人士 民主党派 民革党员 民盟盟员 民建会员 民进会员 ' +
        '农工党党员 致公党党员 九三学社社员 台盟盟员 非党员 否 无 n no false × 0',
    ),
  ],
]);

export function readPartyMembership(word: string): boolean | undefined {
  return partyMembershipByWord.get(normalizeWord(word));
}

/** The relations household registers write, by the relation stored; anything else is `other`. */
const relationByWord = createLookup<Relation>([
  ['head', words('户主 本人')],
  ['spouse', words('配偶 妻 夫 妻子 丈夫')],
  ['child', words('子 女 儿子 女儿 子女 长子 次子 三子 长女 次女 三女 独生子 独生女 养子 养女 继子 继女')],
  ['parent', words('父母 父亲 母亲 父 母 公公 婆婆 岳父 岳母 继父 继母 养父 养母')],
  ['grandchild', words('孙子 孙女 孙子女 外孙 外孙子 外孙女 外孙子女')],
  ['grandparent', words('祖父母 祖父 祖母 外祖父母 外祖父 外祖母 爷爷 奶奶 外公 外婆')],
  ['sibling', words('兄弟姐妹 兄弟 姐妹 兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹')],
  ['child_in_law', words('儿媳 儿媳妇 女婿')],
]);

export function readRelation(word: string): Relation {
  return relationByWord.get(normalizeWord(word)) ?? 'other';
}

/** What the template offers in its drop-down lists; every word is one the readers above know. */
export const templateChoices = {
  sex: words('男 女'),
  residenceType: words('户籍人口 常住人口 流动人口'),
  isPartyMember: words('中共党员 中共预备党员 共青团员 民主党派 无党派人士 群众'),
  relationToHead: words('户主 配偶 子 女 父亲 母亲 孙子 孙女 祖父母 兄弟姐妹 儿媳 女婿 其他'),
};

export type TagDefinition = { code: string; nameZh: string };

/**
 * The tags the database is seeded with (migration 0003). Administrators may add tags, so the import service
 * should pass the rows of `tag_definitions` instead.
 */
export const seededTagDefinitions: readonly TagDefinition[] = [
  { code: 'disabled', nameZh: '残疾人' },
  { code: 'seriously_ill', nameZh: '重病患者' },
  { code: 'lost_only_child', nameZh: '失独家庭' },
  { code: 'single_parent', nameZh: '单亲家庭' },
  { code: 'minimum_allowance', nameZh: '低保' },
  { code: 'extreme_poverty', nameZh: '特困' },
  { code: 'elderly_alone', nameZh: '独居老人' },
  { code: 'left_behind_child', nameZh: '留守儿童' },
  { code: 'veteran', nameZh: '退役军人' },
  { code: 'special_student', nameZh: '特殊类学生' },
  { code: 'mobile_fisherman', nameZh: '流动渔民' },
  { code: 'overseas_chinese_family', nameZh: '侨眷侨属' },
];

/** Other names ledgers give the seeded tags, used only while a tag with that code exists. */
const tagAliasesByCode: Readonly<Record<string, string>> = {
  disabled: '残疾 残疾人员 残障人士',
  seriously_ill: '重病 大病患者 重病人员',
  lost_only_child: '失独 失独户',
  single_parent: '单亲 单亲户',
  minimum_allowance: '低保户 低保人员 低保对象',
  extreme_poverty: '特困户 特困人员 特困供养人员',
  elderly_alone: '独居',
  left_behind_child: '留守',
  veteran: '退伍军人 退役士兵',
  special_student: '特殊学生',
  overseas_chinese_family: '侨眷 侨属 归侨侨眷',
};

/** Separators people put between several tags in one cell. */
const tagSeparator = /[、,，;；/\s]+/;

const tagLookups = new WeakMap<readonly TagDefinition[], Map<string, string>>();

/** Tag codes from a cell such as 低保、残疾人; `unknown` holds the words that name no tag, as written. */
export function readTags(text: string, definitions: readonly TagDefinition[]): { codes: string[]; unknown: string[] } {
  const lookup = findTagLookup(definitions);
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const word of text.split(tagSeparator).filter((part) => part !== '')) {
    const code = lookup.get(normalizeWord(word));
    if (code === undefined) unknown.push(word);
    else codes.add(code);
  }
  return { codes: [...codes], unknown };
}

/** Built once per list of definitions, since it is used for every row. */
function findTagLookup(definitions: readonly TagDefinition[]): Map<string, string> {
  let lookup = tagLookups.get(definitions);
  if (!lookup) {
    lookup = createLookup(
      definitions.map(({ code, nameZh }) => [code, [code, nameZh, ...words(tagAliasesByCode[code] ?? '')]] as const),
    );
    tagLookups.set(definitions, lookup);
  }
  return lookup;
}

/** The words a written ledger uses for coded values (exports, demo files); each is one the readers above know. */
export const sexWords: Record<Sex, string> = { male: '男', female: '女' };
export const residenceWords: Record<ResidenceType, string> = {
  registered: '户籍人口',
  resident: '常住人口',
  floating: '流动人口',
};
const relationWords: Record<Exclude<Relation, 'child_in_law'>, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

/** Registers say which child-in-law: a son's wife (儿媳) or a daughter's husband (女婿). */
export function relationWord(relation: Relation, sex: Sex | null | undefined): string {
  if (relation === 'child_in_law') return sex === 'male' ? '女婿' : '儿媳';
  return relationWords[relation];
}
