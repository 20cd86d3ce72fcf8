import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEventActions } from '../../../shared/cases';
import { notificationKinds } from '../../../shared/notifications';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { describeNotification, timelineActionLabel, timelineNote } from './case-messages';

const translator = i18next.createInstance();

beforeAll(async () => {
  await translator.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
});

const han = /\p{Script=Han}/u;
/** A notice's parameters as the server writes them, with a grid named in Latin letters so any Chinese is ours. */
const params = {
  number: '339901-20261126-0007',
  regionName: 'Beiyuan grid 3',
  action: 'dispatch',
  deadline: '2026-11-30T08:00:00.000Z',
  status: 'closed',
  helperName: 'Li Jing',
  dueOn: '2026-11-14',
  content: 'a radio',
  promisedOn: '2026-09-20',
  reportId: '0193a0c4-0000-7000-8000-000000000001',
  subjectName: 'Beiyuan community',
  period: '2026-11',
  comment: 'check the absences',
};
/** What names the record a notice is about: a case's number, or for pairings and wishes their own fact. */
const namedBy: Partial<Record<(typeof notificationKinds)[number], string>> = {
  pairing_overdue: params.helperName,
  wish_review: params.content,
  wish_late: params.content,
  wish_fulfilled: params.content,
  cadre_report_review: params.subjectName,
  cadre_report_returned: params.comment,
  cadre_report_received: params.subjectName,
};
const isoTime = (iso: string) => iso;

describe('the words of notifications and timeline entries', () => {
  it('has a sentence in both languages for every notification kind, naming its record, no placeholder left', () => {
    for (const language of ['zh-CN', 'en']) {
      const t = translator.getFixedT(language);
      for (const kind of notificationKinds) {
        const sentence = describeNotification(t, { kind, params }, isoTime);
        expect(sentence, `${language} ${kind}`).toContain(namedBy[kind] ?? params.number);
        expect(sentence, `${language} ${kind}`).not.toMatch(/\{\{|cases\./);
        expect(han.test(sentence), `${language} ${kind}: ${sentence}`).toBe(language === 'zh-CN');
      }
    }
  });

  it('words a notice in the reader’s language from its kind and parameters', () => {
    const notice = { kind: 'awaiting', params };
    expect(describeNotification(translator.getFixedT('zh-CN'), notice, isoTime)).toBe(
      '339901-20261126-0007（Beiyuan grid 3）待您派遣',
    );
    expect(describeNotification(translator.getFixedT('en'), notice, isoTime)).toBe(
      '339901-20261126-0007 (Beiyuan grid 3) waits for you: dispatch it',
    );
    // A kind a newer server sends is left unworded rather than shown as its code.
    expect(describeNotification(translator.getFixedT('en'), { kind: 'something_new', params }, isoTime)).toBe('');
  });

  it('names every kind of timeline entry in both languages', () => {
    for (const language of ['zh-CN', 'en']) {
      const t = translator.getFixedT(language);
      for (const action of caseEventActions) {
        const label = timelineActionLabel(t, action);
        expect(label, `${language} ${action}`).not.toMatch(/cases\.|^$/);
        expect(han.test(label), `${language} ${action}: ${label}`).toBe(language === 'zh-CN');
      }
    }
    expect(timelineActionLabel(translator.getFixedT('en'), 'something_new')).toBe('something_new');
  });

  it('says why a case went up at its deadline in the reader’s language, and what people wrote as they wrote it', () => {
    const automatic = { action: 'escalate', note: null, details: { isAutomatic: true } };
    expect(timelineNote(translator.getFixedT('zh-CN'), automatic)).toBe('超过办理时限自动上报');
    const english = timelineNote(translator.getFixedT('en'), automatic);
    expect(english).toBeTruthy();
    expect(han.test(english!)).toBe(false);
    const typed = { action: 'escalate', note: '需要村里协调', details: { reason: '需要村里协调' } };
    expect(timelineNote(translator.getFixedT('en'), typed)).toBe('需要村里协调');
  });
});
