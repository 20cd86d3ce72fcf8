import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { boundaryProblemCodes } from '../../../shared/geojson';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { describeBoundaryProblem, type BoundaryProblem } from './boundary-problems';

const translator = i18next.createInstance();

beforeAll(async () => {
  await translator.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
});

const overlap: BoundaryProblem = {
  code: 'overlaps_sibling',
  params: { regionId: 'id', regionName: '北苑社区第4网格', regionCode: '339901001001004', area: 497741 },
  message: 'overlaps 北苑社区第4网格 (339901001001004) by 497741 m²',
};

describe('describeBoundaryProblem', () => {
  it('says an overlap in Chinese, naming the region and the area in the reader’s digits', () => {
    const t = translator.getFixedT('zh-CN');
    expect(describeBoundaryProblem(t, 'zh-CN', overlap)).toBe(
      '与“北苑社区第4网格”（339901001001004）重叠 497,741 平方米',
    );
  });

  it('has a sentence in both languages for every problem the server can name, with no placeholder left', () => {
    for (const language of ['zh-CN', 'en']) {
      const t = translator.getFixedT(language);
      for (const code of boundaryProblemCodes) {
        const params = { ...overlap.params, rootName: '北苑社区', limit: 200_000, longitude: 120.1, latitude: 30.2 };
        const problem = { ...overlap, code, params };
        const sentence = describeBoundaryProblem(t, language, problem);
        expect(sentence, `${language} ${code}`).not.toMatch(/\{\{|regions\.problems|_/);
        expect(sentence).not.toBe(describeBoundaryProblem(t, language, { ...problem, code: 'something_new' }));
      }
    }
  });

  it('says where a boundary crosses itself, and the position limit in the reader’s digits', () => {
    const t = translator.getFixedT('zh-CN');
    const crossing = { code: 'self_intersection', params: { longitude: 120.1, latitude: 30.2 }, message: '' };
    expect(describeBoundaryProblem(t, 'zh-CN', crossing)).toBe('边界线自相交（在经度 120.1、纬度 30.2 处交叉）');
    const tooMany = { code: 'too_many_positions', params: { limit: 200_000 }, message: '' };
    expect(describeBoundaryProblem(translator.getFixedT('en'), 'en', tooMany)).toBe(
      'Too many positions: at most 200,000; simplify the boundary first',
    );
  });

  it('never shows a raw code or the server’s English for a problem it does not know', () => {
    const t = translator.getFixedT('zh-CN');
    expect(describeBoundaryProblem(t, 'zh-CN', { ...overlap, code: 'something_new' })).toBe('边界有误');
  });
});
