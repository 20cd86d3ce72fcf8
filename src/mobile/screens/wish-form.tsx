import { Form, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { Person } from '../../shared/api/registry';
import type { Session } from '../../shared/api/session';
import { wishCategories, type WishCategory } from '../../shared/wishes';
import type { Navigate } from '../navigation';
import { useT } from '../i18n';
import { enqueue } from '../sync';
import { ResidentPicker } from './deposit-form';
import { SaveFooter } from './parts';

/**
 * 登记微心愿 on a visit: a member of the household visited makes a small wish (daily goods, study, a service …); it
 * is saved to the queue, sent when possible, and the village reviews it before it goes on the wall.
 */
export function WishForm(props: { householdId: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const [person, setPerson] = useState<Person>();
  const [category, setCategory] = useState<WishCategory>('daily_goods');
  const [content, setContent] = useState('');
  const [problem, setProblem] = useState<string>();

  const save = async () => {
    if (!person) return setProblem(t('wish.personRequired'));
    if (!content.trim()) return setProblem(t('wish.contentRequired'));
    const id = uuidv7();
    await enqueue({
      id,
      kind: 'wish',
      accountId: props.session.user.id,
      label: `${person.name} ${content.trim().slice(0, 20)}`,
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: [],
      body: { personId: person.id, category, content: content.trim() },
    });
    Toast.show({ content: t('wish.saved') });
    props.navigate({ name: 'household', householdId: props.householdId });
  };

  return (
    <Form
      layout="vertical"
      footer={<SaveFooter problem={problem} label={t('wish.submit')} testId="save-wish" onSave={() => void save()} />}
    >
      <Form.Header>{t('wish.title')}</Form.Header>
      <Form.Item label={person ? t('wish.personChosen', { name: person.name }) : t('wish.person')}>
        <ResidentPicker householdId={props.householdId} value={person} onChange={setPerson} />
      </Form.Item>
      <Form.Item label={t('wish.category')}>
        <Selector
          columns={3}
          options={wishCategories.map((value) => ({ label: t(`wish.categories.${value}`), value }))}
          value={[category]}
          onChange={(value) => value[0] && setCategory(value[0])}
        />
      </Form.Item>
      <Form.Item label={t('wish.content')}>
        <TextArea
          placeholder={t('wish.contentPlaceholder')}
          value={content}
          onChange={setContent}
          maxLength={500}
          rows={3}
          data-testid="wish-content"
        />
      </Form.Item>
    </Form>
  );
}
