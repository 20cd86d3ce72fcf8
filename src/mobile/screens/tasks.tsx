import { Button, List, Space, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { Navigate } from '../navigation';
import { loadTasks } from '../grid';
import { useLanguage, useT } from '../i18n';
import { readMeta, type Tasks } from '../store';
import { shortTime } from './parts';

/**
 * 今日任务: the households due a visit, the cases waiting for the user and the running campaigns' tasks (each opens
 * the visit form under its campaign, through the grid's households); the last copy when offline. Inspections and
 * disputes start here too.
 */
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
      <div className="field-section">
        <Space block style={{ '--gap': '8px' }}>
          <Button color="primary" fill="outline" onClick={() => props.navigate({ name: 'inspection' })}>
            {t('tasks.inspect')}
          </Button>
          <Button color="primary" fill="outline" onClick={() => props.navigate({ name: 'rechecks' })}>
            {t('tasks.recheck')}
          </Button>
          <Button color="primary" fill="outline" onClick={() => props.navigate({ name: 'disputes' })}>
            {t('tasks.disputes')}
          </Button>
          <Button color="primary" fill="outline" onClick={() => props.navigate({ name: 'deposit' })}>
            {t('tasks.moralBank')}
          </Button>
        </Space>
      </div>
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
      {(tasks?.campaigns ?? [])
        .filter((entry) => entry.tasks.length > 0)
        .map((entry) => (
          <List
            key={entry.campaign.id}
            header={t('tasks.campaign', {
              name: entry.campaign.name,
              date: entry.campaign.endDate,
            })}
          >
            {entry.tasks.map((task) => (
              <List.Item
                key={task.id}
                data-testid="campaign-task"
                onClick={() => props.navigate({ name: 'households', campaignId: entry.campaign.id })}
                description={task.assigneeName ?? t('tasks.unassigned')}
                extra={task.dueDate ? t('tasks.taskDue', { date: task.dueDate }) : null}
              >
                {task.title}
              </List.Item>
            ))}
          </List>
        ))}
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
