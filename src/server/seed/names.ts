import type { Sex } from '../../shared/registry.js';
import { WeightedTable, type Random } from './random.js';

/**
 * Word lists for the demo county. Place names are invented but built the way real ones are (城关街道, 柳塘村);
 * duties and units follow the wording of the source reports.
 */

export const streetNames = [
  '城关街道',
  '城东街道',
  '城西街道',
  '城南街道',
  '城北街道',
  '新城街道',
  '河滨街道',
  '文昌街道',
  '凤凰街道',
  '滨江街道',
];

export const townNames = ['青石镇', '柳溪镇', '白沙镇', '桃源镇', '龙潭镇', '梅林镇', '大田镇', '石门镇'];

export const communityStems = [
  '东湖',
  '南关',
  '新塘',
  '桂花',
  '火炬路',
  '盛唐路',
  '滨江',
  '翠苑',
  '和平',
  '建设',
  '解放路',
  '人民路',
  '幸福',
  '金桥',
  '锦绣',
  '望江',
  '朝阳',
  '文化',
  '春晖',
  '东门',
  '西园',
  '北苑',
  '南湖',
  '青年路',
  '紫荆',
  '长青',
  '明珠',
  '安康',
  '康乐',
  '书院',
  '大桥',
  '公园',
  '振兴',
  '育才',
  '花园',
  '新华',
  '光明',
  '星光',
  '友谊',
  '银杏',
  '香樟',
  '水岸',
  '双塔',
  '府前',
  '鼓楼',
];

export const villageStems = [
  '柳塘',
  '田头',
  '铜鼓',
  '石桥',
  '上溪',
  '下湾',
  '枫林',
  '杨家',
  '李家坪',
  '黄泥岗',
  '竹园',
  '荷花',
  '梅岭',
  '山口',
  '新庄',
  '后山',
  '前洋',
  '白石',
  '沙湖',
  '成平',
  '民乐',
  '塘口',
  '双溪',
  '岭下',
];

/** Departments that send cadres down into grids; prefixed with the county's own word (县司法局, 区司法局). */
export const dispatchingDepartments = [
  '司法局',
  '卫健局',
  '应急管理局',
  '市场监管局',
  '住建局',
  '民政局',
  '城管执法局',
  '人社局',
  '教育局',
  '自然资源局',
  '农业农村局',
  '退役军人事务局',
  '委宣传部',
  '委政法委',
  '委社会工作部',
  '总工会',
  '妇联',
];

export const leaderDuties = [
  '统筹网格工作、组织议事协商',
  '统筹网格工作、督促事项办结',
  '组织议事协商、协调矛盾化解',
  '统筹网格工作、联系驻区单位',
];

export const memberTasks = ['入户走访', '信息采集', '诉求登记', '隐患排查', '矛盾纠纷排查', '政策宣传', '困难帮扶'];

export const cadreTasks = ['联系困难群众', '政策宣传', '信息采集', '隐患排查', '参与志愿服务'];

export const volunteerTasks = ['政策宣传', '环境整治', '文明劝导', '平安巡防', '关爱独居老人', '反诈宣传', '便民服务'];

/** Approximate frequencies (per cent) of the most common surnames; the rest share a small weight each. */
const weightedSurnames: (readonly [string, number])[] = [
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.5],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.0],
  ['吴', 2.0],
  ['周', 1.9],
  ['徐', 1.3],
  ['孙', 1.2],
  ['马', 1.1],
  ['朱', 1.1],
  ['胡', 1.0],
  ['郭', 1.0],
  ['何', 0.9],
  ['林', 0.9],
  ['高', 0.9],
  ['罗', 0.8],
  ...[
    '郑',
    '梁',
    '谢',
    '宋',
    '唐',
    '许',
    '韩',
    '冯',
    '邓',
    '曹',
    '彭',
    '曾',
    '肖',
    '田',
    '董',
    '潘',
    '袁',
    '蔡',
    '蒋',
    '余',
    '于',
    '杜',
    '叶',
    '程',
    '魏',
    '苏',
    '吕',
    '丁',
    '任',
    '卢',
    '姚',
    '沈',
    '钟',
    '姜',
    '崔',
    '谭',
    '陆',
    '范',
    '汪',
    '廖',
    '石',
    '金',
    '贾',
    '夏',
    '付',
    '方',
    '邹',
    '熊',
    '白',
    '孟',
    '秦',
    '邱',
    '侯',
    '江',
    '尹',
    '薛',
    '雷',
    '龙',
    '史',
    '陶',
    '贺',
    '毛',
    '郝',
    '顾',
    '龚',
    '邵',
    '钱',
    '严',
    '欧阳',
    '司马',
  ].map((surname) => [surname, 0.3] as const),
];

const singleGivenNames = [
  '伟',
  '芳',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '华',
  '平',
  '刚',
  '辉',
  '鹏',
  '斌',
  '霞',
  '玲',
  '萍',
  '燕',
  '琳',
  '雪',
  '浩',
  '凯',
  '婷',
  '宇',
  '欣',
  '健',
  '波',
];

const doubleGivenNames = [
  '秀英',
  '桂英',
  '建华',
  '建国',
  '志强',
  '海燕',
  '红梅',
  '晓燕',
  '俊杰',
  '子涵',
  '浩然',
  '雨轩',
  '欣怡',
  '梓萱',
  '一鸣',
  '文博',
  '佳怡',
  '思远',
  '振华',
  '国强',
  '春梅',
  '丽华',
  '玉兰',
  '淑珍',
  '德明',
  '永红',
  '海涛',
  '建军',
  '晓东',
  '亚楠',
  '嘉怡',
  '明辉',
  '志刚',
  '晓峰',
  '丽娟',
  '雪梅',
  '文静',
  '新民',
  '立新',
  '少华',
  '思源',
  '海峰',
  '秀兰',
  '国华',
  '婷婷',
];

/** Names of Uyghur and Mongolian residents: Uyghur names join the given name and the father's name with a dot. */
const minorityNames = [
  '阿依古丽·买买提',
  '艾力·吐尔逊',
  '热依拉·阿不都',
  '迪丽娜尔·吾斯曼',
  '买买提·艾力',
  '古丽娜尔·艾买提',
  '巴特尔',
  '其其格',
  '斯琴图雅',
  '乌云娜',
];

const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];

const surnameTable = new WeightedTable(weightedSurnames);

/** Given names that read as a woman's; the rest of the two lists read as a man's, except the neutral ones. */
const feminineGivenNames = new Set([
  '芳',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '玲',
  '萍',
  '燕',
  '琳',
  '雪',
  '婷',
  '欣',
  '秀英',
  '桂英',
  '海燕',
  '红梅',
  '晓燕',
  '欣怡',
  '梓萱',
  '佳怡',
  '春梅',
  '丽华',
  '玉兰',
  '淑珍',
  '亚楠',
  '嘉怡',
  '丽娟',
  '雪梅',
  '文静',
  '秀兰',
  '婷婷',
]);
const neutralGivenNames = new Set(['华', '平', '明', '宇', '永红', '少华', '子涵', '雨轩', '思源']);

/** Names that went out of fashion (given before about 1975) or came in (after about 2000): they date a person. */
const oldFashionedGivenNames = new Set([
  '秀英',
  '桂英',
  '建国',
  '建华',
  '国强',
  '春梅',
  '玉兰',
  '淑珍',
  '秀兰',
  '国华',
  '德明',
  '立新',
  '新民',
  '永红',
]);
const modernGivenNames = new Set([
  '子涵',
  '浩然',
  '雨轩',
  '欣怡',
  '梓萱',
  '一鸣',
  '佳怡',
  '思远',
  '嘉怡',
  '文博',
  '思源',
  '俊杰',
]);

/** Given names with characters outside the common set (𠮷 is outside the Basic Multilingual Plane, 䶮 in Extension A). */
const rareGivenNames: Record<Sex, readonly string[]> = { male: ['子堃', '一喆', '犇', '䶮'], female: ['𠮷祥', '淼'] };

/** Uyghur given names; a Uyghur's full name is the given name, a middle dot and the father's given name. */
const uyghurGivenNames: Record<Sex, readonly string[]> = {
  male: ['艾力', '买买提', '吐尔逊', '阿不都', '吾斯曼', '艾买提', '艾山', '玉素甫', '热合曼', '努尔'],
  female: ['阿依古丽', '热依拉', '迪丽娜尔', '古丽娜尔', '帕提古丽', '阿依努尔', '米热古丽', '祖丽菲亚'],
};

/** Mongolian names are a single given name, written without a surname. */
const mongolianNames: Record<Sex, readonly string[]> = {
  male: ['巴特尔', '苏和', '额尔敦', '朝鲁', '宝音', '那顺'],
  female: ['其其格', '斯琴图雅', '乌云娜', '萨仁', '娜仁花', '高娃'],
};

/**
 * Names of registered residents: a surname passes from father to child, given names suit the person's sex and
 * birth year. `People` keeps drawing the staff names, so the staff of a seed stay as they were.
 */
export class ResidentNames {
  private readonly givenNamesByKind = new Map<string, readonly string[]>();

  constructor(private readonly random: Random) {}

  surname(): string {
    return surnameTable.pick(this.random);
  }

  givenName(sex: Sex, birthYear: number): string {
    if (this.random.chance(0.0004)) return this.random.pick(rareGivenNames[sex]);
    const isSingle = this.random.chance(0.45);
    return this.random.pick(this.givenNames(sex, birthYear, isSingle));
  }

  /** The own given name, a middle dot and the father's given name, drawn when the father is not in the household. */
  uyghurName(sex: Sex, fatherGivenName?: string): string {
    const own = this.random.pick(uyghurGivenNames[sex]);
    let father = fatherGivenName ?? this.random.pick(uyghurGivenNames.male);
    // A drawn father's name equal to the child's own would read as a mistake.
    while (fatherGivenName === undefined && father === own) father = this.random.pick(uyghurGivenNames.male);
    return `${own}·${father}`;
  }

  mongolianName(sex: Sex): string {
    return this.random.pick(mongolianNames[sex]);
  }

  /** The names of one sex, era and length, filtered once and kept. */
  private givenNames(sex: Sex, birthYear: number, isSingle: boolean): readonly string[] {
    const era = birthYear < 1975 ? 'old' : birthYear >= 2000 ? 'modern' : 'middle';
    const key = `${sex} ${era} ${isSingle}`;
    let names = this.givenNamesByKind.get(key);
    if (!names) {
      const suitsSex = (name: string) =>
        neutralGivenNames.has(name) || feminineGivenNames.has(name) === (sex === 'female');
      const suitsEra = (name: string) =>
        (era !== 'old' || !modernGivenNames.has(name)) && (era !== 'modern' || !oldFashionedGivenNames.has(name));
      names = (isSingle ? singleGivenNames : doubleGivenNames).filter((name) => suitsSex(name) && suitsEra(name));
      this.givenNamesByKind.set(key, names);
    }
    return names;
  }
}

/** Draws people's names and mobile numbers; numbers are never handed out twice. */
export class People {
  private readonly phonesInUse = new Set<string>();

  constructor(private readonly random: Random) {}

  name(): string {
    if (this.random.chance(0.015)) return this.random.pick(minorityNames);
    const surname = this.random.pickWeighted(weightedSurnames);
    return surname + this.random.pick(this.random.chance(0.45) ? singleGivenNames : doubleGivenNames);
  }

  phone(): string {
    for (;;) {
      const subscriber = String(this.random.integer(0, 99_999_999)).padStart(8, '0');
      const phone = this.random.pick(mobilePrefixes) + subscriber;
      if (!this.phonesInUse.has(phone)) {
        this.phonesInUse.add(phone);
        return phone;
      }
    }
  }
}
