import { Button, List, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { Navigate } from '../navigation';
import { loadTasks } from '../grid';
import { useLanguage, useT } from '../i18n';
import { readMeta, type Tasks } from '../store';
import { shortTime } from './parts';

/** 今日任务: the households due a visit and the cases waiting for the user; the last copy when offline. */
export function TasksScreen(props: { navigate: Navigate; isOnline: boolean }) {
  const t = useT();
  const language = useLanguage();
  const [tasks, setTasks] = useState<Tasks>();
  const [isStale, setStale] = useState(false);

  const refresh = () => {
    void loadTasks()
      .then((next) => {
        setTasks(next);
        setStale(false);
      })
      .catch(async () => {
        setTasks(await readMeta('tasks'));
        setStale(true);
      });
  };
  useEffect(refresh, [props.isOnline]);

  return (
    <div>
      {isStale && tasks ? (
        <div className="field-section field-muted">{t('tasks.offlineNote', { time: shortTime(tasks.at) })}</div>
      ) : null}
      <List header={t('tasks.dueVisits')}>
        {(tasks?.plan ?? []).map((item) => (
          <List.Item
            key={item.householdId}
            onClick={() => props.navigate({ name: 'household', householdId: item.householdId })}
            description={
              item.lastVisitDate ? t('tasks.lastVisit', { date: item.lastVisitDate }) : t('tasks.neverVisited')
            }
            extra={
              item.isOverdue ? <Tag color="danger">{t('tasks.overdue')}</Tag> : t('tasks.dueOn', { date: item.dueDate })
            }
          >
            {item.address}
          </List.Item>
        ))}
        {tasks && tasks.plan.length === 0 ? <List.Item>{t('tasks.noPlan')}</List.Item> : null}
      </List>
      <List header={t('tasks.myCases')}>
        {(tasks?.cases ?? []).map((item) => (
          <List.Item
            key={item.id}
            description={`${item.number} · ${item.regionName}`}
            extra={item.isOverdue ? <Tag color="danger">{t('tasks.overdue')}</Tag> : null}
            onClick={() => window.location.assign(`/cases/${item.id}`)}
          >
            {(language === 'en' ? item.categoryName?.en : item.categoryName?.zh) ?? item.category} ·{' '}
            {item.description.slice(0, 40)}
          </List.Item>
        ))}
        {tasks && tasks.cases.length === 0 ? <List.Item>{t('tasks.noCases')}</List.Item> : null}
      </List>
      <div className="field-section">
        <Button block onClick={refresh}>
          {t('tasks.refresh')}
        </Button>
      </div>
    </div>
  );
}
