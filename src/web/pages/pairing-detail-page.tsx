import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, DatePicker, Descriptions, Empty, Flex, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { PairingDetail } from '../../shared/api/pairings';
import { contactKinds, type ContactKind } from '../../shared/pairings';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useKindName, usePairing, usePairingAction, useRecordContact } from '../features/pairings/pairings-api';
import { useCan } from '../features/session/session-api';

type ContactValues = { kind: ContactKind; contactedOn?: Dayjs; visitId?: string; note?: string; helpGiven?: string };

function ContactModal({ pairing, open, onClose }: { pairing: PairingDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordContact(pairing.id);
  return (
    <FormModal<ContactValues>
      title={t('pairings.detail.recordContact')}
      open={open}
      initialValues={{ kind: 'visit' }}
      onSubmit={(values) =>
        record.mutateAsync({
          kind: values.kind,
          contactedOn: values.contactedOn?.format('YYYY-MM-DD'),
          visitId: values.visitId?.trim() || null,
          note: values.note ?? '',
          helpGiven: values.helpGiven ?? '',
        })
      }
      onClose={onClose}
      testId="record-contact"
    >
      <Form.Item name="kind" label={t('pairings.form.kind')} rules={[{ required: true }]}>
        <Select options={contactKinds.map((kind) => ({ value: kind, label: t(`pairings.contactKind.${kind}`) }))} />
      </Form.Item>
      <Form.Item name="contactedOn" label={t('pairings.detail.contactedOn')}>
        <DatePicker className="full-width" />
      </Form.Item>
      <Form.Item name="note" label={t('pairings.detail.note')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="contact-note" />
      </Form.Item>
      <Form.Item name="helpGiven" label={t('pairings.detail.helpGiven')}>
        <Input maxLength={500} data-testid="contact-help" />
      </Form.Item>
      <Form.Item name="visitId" label={t('pairings.detail.visitId')} extra={t('pairings.detail.visitHint')}>
        <Input maxLength={36} />
      </Form.Item>
    </FormModal>
  );
}

function EndModal({ pairing, open, onClose }: { pairing: PairingDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const act = usePairingAction(pairing.id);
  return (
    <FormModal<{ reason: string }>
      title={t('pairings.detail.end')}
      open={open}
      onSubmit={(values) => act.mutateAsync({ action: 'end', reason: values.reason, version: pairing.version })}
      onClose={onClose}
      testId="end-pairing"
    >
      <Form.Item
        name="reason"
        label={t('pairings.detail.reason')}
        rules={[{ required: true, whitespace: true, message: t('pairings.detail.reasonRequired') }]}
      >
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** A pairing's page: its sides, period and due day, its contacts (newest first), recording one, ending it. */
export default function PairingDetailPage() {
  const { t } = useTranslation();
  const { pairingId } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const kindName = useKindName();
  const pairing = usePairing(pairingId);
  const [dialog, setDialog] = useState<'contact' | 'end'>();
  const resume = usePairingAction(pairingId ?? '');

  return (
    <QueryState query={pairing}>
      {() => {
        const record = pairing.data!;
        return (
          <PageCard
            title={
              <Space>
                <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/pairings')} />
                {kindName(record.kindName, record.kind)}
              </Space>
            }
            testId="pairing-detail"
            actions={
              <>
                {record.status === 'active' && can('pairing.record') ? (
                  <Button type="primary" onClick={() => setDialog('contact')} data-testid="record-contact">
                    {t('pairings.detail.recordContact')}
                  </Button>
                ) : null}
                {record.allowedActions.includes('end') ? (
                  <Button danger onClick={() => setDialog('end')} data-testid="end-pairing">
                    {t('pairings.detail.end')}
                  </Button>
                ) : null}
                {record.allowedActions.includes('resume') ? (
                  <Button
                    onClick={() => resume.mutate({ action: 'resume', version: record.version })}
                    data-testid="resume-pairing"
                  >
                    {t('pairings.detail.resume')}
                  </Button>
                ) : null}
              </>
            }
          >
            <Space orientation="vertical" size={16} className="full-width">
              <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
                <Descriptions.Item label={t(`pairings.helperSide.${record.helperSide}`)}>
                  {record.helper.name}
                </Descriptions.Item>
                <Descriptions.Item label={t(`pairings.helpedSide.${record.helpedSide}`)}>
                  <span data-testid="pairing-helped-name">{record.helped.name}</span>
                  {record.helped.isMinor ? <Tag className="pairing-minor">{t('pairings.list.minor')}</Tag> : null}
                  <Typography.Text type="secondary"> · {record.regionName}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('pairings.detail.period')}>
                  {record.startsOn} – {record.endsOn ?? t('pairings.detail.untilNow')}
                </Descriptions.Item>
                <Descriptions.Item label={t('pairings.list.every', { days: record.contactEveryDays })}>
                  <Space size={4} wrap>
                    <Tag color={record.status === 'active' ? 'green' : undefined}>
                      {t(`pairings.status.${record.status}`)}
                    </Tag>
                    {record.isOverdue ? <Tag color="red">{t('pairings.list.overdue')}</Tag> : null}
                    <span data-testid="pairing-due">{t('pairings.list.due', { date: record.dueOn })}</span>
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('pairings.detail.lastContact')}>
                  {record.lastContactOn ?? t('pairings.detail.never')}
                </Descriptions.Item>
                {record.endReason ? (
                  <Descriptions.Item label={t('pairings.detail.endReason')}>{record.endReason}</Descriptions.Item>
                ) : null}
                {record.note ? (
                  <Descriptions.Item label={t('pairings.form.note')}>{record.note}</Descriptions.Item>
                ) : null}
              </Descriptions>
              <Typography.Title level={5}>{t('pairings.detail.contacts')}</Typography.Title>
              {record.contacts.length === 0 ? (
                <Empty description={t('pairings.detail.noContacts')} />
              ) : (
                <List
                  size="small"
                  dataSource={record.contacts}
                  data-testid="pairing-contacts"
                  renderItem={(contact) => (
                    <List.Item>
                      <Flex vertical gap={2} className="full-width">
                        <Space wrap size={8}>
                          <Typography.Text strong>{contact.contactedOn}</Typography.Text>
                          <Tag>{t(`pairings.contactKind.${contact.kind}`)}</Tag>
                          {contact.helpGiven ? <Tag color="gold">{contact.helpGiven}</Tag> : null}
                        </Space>
                        {contact.note ? <Typography.Text>{contact.note}</Typography.Text> : null}
                        {contact.recordedBy ? (
                          <Typography.Text type="secondary">
                            {t('pairings.detail.recordedBy')}：{contact.recordedBy}
                          </Typography.Text>
                        ) : null}
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Space>
            <ContactModal pairing={record} open={dialog === 'contact'} onClose={() => setDialog(undefined)} />
            <EndModal pairing={record} open={dialog === 'end'} onClose={() => setDialog(undefined)} />
          </PageCard>
        );
      }}
    </QueryState>
  );
}
