import { Form, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { uuidv7 } from 'uuidv7';
import type { CaseCategory } from '../../shared/api/case-catalogue';
import type { Session } from '../../shared/api/session';
import type { Navigate } from '../navigation';
import { useLanguage, useT } from '../i18n';
import { getHousehold, readMeta, type CachedHousehold } from '../store';
import { enqueue } from '../sync';
import { LocationButton, PhotoPicker, photosOf, SaveFooter, type Position } from './parts';

/** 随手报: a case from the catalogue with a description, photos and a place — queued like a visit. */
export function ReportForm(props: { householdId?: string; session: Session; navigate: Navigate }) {
  const t = useT();
  const language = useLanguage();
  const [categories, setCategories] = useState<CaseCategory[]>();
  const [household, setHousehold] = useState<CachedHousehold>();
  const [category, setCategory] = useState<string>();
  /** Answers to the chosen item's extra questions, by their code. */
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [position, setPosition] = useState<Position>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void readMeta('categories').then((kept) => setCategories(kept ?? []));
    if (props.householdId) {
      void getHousehold(props.householdId).then((found) => {
        setHousehold(found);
        if (found) setAddress(found.address);
      });
    }
  }, [props.householdId]);

  // A catalogue kept before items had questions has none.
  const questions = [...(categories?.find((item) => item.code === category)?.attributes ?? [])].sort(
    (left, right) => left.order - right.order,
  );
  const isAnswered = (code: string) => [answers[code] ?? []].flat().some((text) => text.trim() !== '');

  const save = async () => {
    if (!category) return setProblem(t('report.needCategory'));
    if (description.trim().length < 2) return setProblem(t('report.needDescription'));
    const unanswered = questions.find((question) => question.required && !isAnswered(question.code));
    if (unanswered) return setProblem(t('report.needAnswer', { item: unanswered.nameZh }));
    const id = uuidv7();
    const regionId = household?.regionId ?? props.session.regionId ?? undefined;
    await enqueue({
      id,
      kind: 'case',
      accountId: props.session.user.id,
      label: description.trim().slice(0, 30),
      createdAt: new Date().toISOString(),
      status: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      photos: photosOf(photos),
      body: {
        id,
        category,
        description: description.trim(),
        attributes: Object.fromEntries(
          questions
            .filter((question) => isAnswered(question.code))
            .map((question) => [question.code, answers[question.code]!]),
        ),
        address: address.trim(),
        source: 'visit',
        ...(regionId ? { regionId } : {}),
        ...(position ? { location: position } : {}),
        ...(props.householdId ? { householdId: props.householdId } : {}),
      },
    });
    Toast.show({ content: t('report.saved') });
    props.navigate({ name: 'queue' });
  };

  return (
    <Form
      layout="vertical"
      footer={
        <SaveFooter problem={problem} label={t('report.submit')} testId="save-report" onSave={() => void save()} />
      }
    >
      <Form.Header>{t('report.title')}</Form.Header>
      <Form.Item label={t('report.category')}>
        {categories && categories.length === 0 ? <div className="field-muted">{t('report.noCategories')}</div> : null}
        <Selector
          columns={2}
          options={(categories ?? []).map((item) => ({
            label: language === 'en' ? item.nameEn : item.nameZh,
            value: item.code,
          }))}
          value={category ? [category] : []}
          onChange={(value) => {
            setCategory(value[0]);
            setAnswers({});
          }}
        />
      </Form.Item>
      {questions.map((question) => (
        <Form.Item key={question.code} label={question.nameZh} description={question.description || undefined}>
          {question.values.length > 0 ? (
            <Selector
              columns={2}
              multiple={question.datatype === 'multivaluelist'}
              options={question.values.map((value) => ({ label: value.name, value: value.key }))}
              value={[answers[question.code] ?? []].flat()}
              onChange={(value) =>
                setAnswers({
                  ...answers,
                  [question.code]: question.datatype === 'multivaluelist' ? value : (value[0] ?? ''),
                })
              }
            />
          ) : (
            <Input
              type={question.datatype === 'number' ? 'number' : 'text'}
              placeholder={question.datatype === 'datetime' ? '2026-12-06 09:30' : undefined}
              value={String(answers[question.code] ?? '')}
              onChange={(text) => setAnswers({ ...answers, [question.code]: text })}
              maxLength={question.datatype === 'text' ? 2000 : 200}
              data-testid={`attribute-${question.code}`}
            />
          )}
        </Form.Item>
      ))}
      <Form.Item label={t('report.description')}>
        <TextArea
          placeholder={t('report.descriptionPlaceholder')}
          value={description}
          onChange={setDescription}
          maxLength={4000}
          rows={4}
          data-testid="description"
        />
      </Form.Item>
      <Form.Item label={t('report.address')}>
        <Input value={address} onChange={setAddress} maxLength={200} />
      </Form.Item>
      <Form.Item label={t('visit.photos')}>
        <PhotoPicker photos={photos} onChange={setPhotos} />
      </Form.Item>
      <Form.Item label={t('visit.location')}>
        <LocationButton position={position} onChange={setPosition} />
      </Form.Item>
    </Form>
  );
}
