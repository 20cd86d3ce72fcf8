import { describe, expect, it } from 'vitest';
import { auditActions, auditEntityTypes } from '../../shared/audit';
import { en } from './en';
import { zhCN } from './zh-CN';

type Labels = Record<string, Record<string, string> | undefined>;

/** The console shows every audit action and record kind by its label; a new action without one fails here. */
describe.each([
  ['zh-CN', zhCN.audit],
  ['en', en.audit],
])('the audit log in %s', (_language, messages) => {
  it('has a label for every action the server writes, and none for actions it does not', () => {
    const labels = messages.actions as Labels;
    const missing = auditActions.filter((action) => {
      const [entity, verb] = action.split('.') as [string, string];
      return !labels[entity]?.[verb]?.trim();
    });
    expect(missing).toEqual([]);
    const labelled = Object.entries(labels).flatMap(([entity, verbs]) =>
      Object.keys(verbs ?? {}).map((verb) => `${entity}.${verb}`),
    );
    expect(labelled.sort()).toEqual([...auditActions].sort());
  });

  it('has a label for every kind of record an entry is about', () => {
    const entities = messages.entities as Record<string, string>;
    expect(auditEntityTypes.filter((type) => !entities[type]?.trim())).toEqual([]);
  });
});
