import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invitation, InvitationStatus, Registration } from '../../../shared/api/cadre-registrations';
import { apiUrl } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n';
import { useCan } from '../session/session-api';
import { RegionPicker } from './cadre-register-modal';
import {
  useApproveRegistration,
  useCreateInvitation,
  useInvitations,
  usePendingRegistrations,
  useRejectRegistration,
  useRevokeInvitation,
} from './cadre-registration-api';
import './cadre-registrations.css';
import { UnitSelect } from '../pairings/unit-select';

const invitationColour: Record<InvitationStatus, string | undefined> = {
  open: 'green',
  expired: undefined,
  revoked: 'red',
};

type InvitationValues = { serviceRegionId: string; unitId?: string; validDays: number };

/** 生成邀请: the community, optionally one unit, and how long the link works. */
function InvitationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateInvitation();
  return (
    <FormModal<InvitationValues>
      title={t('cadreRegistration.invitations.create')}
      open={open}
      initialValues={{ validDays: 30 }}
      onSubmit={(values) => create.mutateAsync(values)}
      onClose={onClose}
      testId="create-invitation"
    >
      <Form.Item
        name="serviceRegionId"
        label={t('cadreRegistration.invitations.community')}
        rules={[
          { required: true, message: t('common.required', { field: t('cadreRegistration.invitations.community') }) },
        ]}
      >
        <RegionPicker level="village" testId="invitation-community" />
      </Form.Item>
      <Form.Item name="unitId" label={t('cadreRegistration.invitations.unit')}>
        <UnitSelect allowClear placeholder={t('cadreRegistration.invitations.anyUnit')} />
      </Form.Item>
      <Form.Item name="validDays" label={t('cadreRegistration.invitations.validDays')} rules={[{ required: true }]}>
        <InputNumber min={1} max={90} precision={0} />
      </Form.Item>
    </FormModal>
  );
}

/** An invitation: its link to copy, its QR code to show or print, and how long it works. */
function InvitationCard({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const revoke = useRevokeInvitation();
  return (
    <Card size="small" className="record-card" data-testid="invitation-card">
      <Flex gap={12} wrap align="start">
        {invitation.status === 'open' ? (
          <img
            src={apiUrl(`/cadre-invitations/${encodeURIComponent(invitation.id)}/qr.svg`)}
            alt={t('cadreRegistration.invitations.qr')}
            width={120}
            height={120}
            data-testid="invitation-qr"
          />
        ) : null}
        <Space orientation="vertical" size={4} className="invitation-text">
          <Space size={4} wrap>
            <Typography.Text strong>{invitation.serviceRegion.name}</Typography.Text>
            <Tag color={invitationColour[invitation.status]}>
              {t(`cadreRegistration.invitations.status.${invitation.status}`)}
            </Tag>
            {invitation.unit ? (
              <Tag>{t('cadreRegistration.invitations.unitOnly', { unit: invitation.unit.name })}</Tag>
            ) : null}
          </Space>
          <Typography.Text type="secondary">
            {t('cadreRegistration.invitations.expiresAt', { time: formatDateTime(invitation.expiresAt) })}
          </Typography.Text>
          {invitation.status === 'open' ? (
            <Typography.Text copyable className="invitation-link" data-testid="invitation-link">
              {invitation.url}
            </Typography.Text>
          ) : null}
          {invitation.status === 'open' ? (
            <Popconfirm
              title={t('cadreRegistration.invitations.revokeConfirm')}
              onConfirm={() => revoke.mutateAsync(invitation.id)}
            >
              <Button size="small" danger data-testid="revoke-invitation">
                {t('cadreRegistration.invitations.revoke')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Flex>
    </Card>
  );
}

function RejectButton({ registration }: { registration: Registration }) {
  const { t } = useTranslation();
  const reject = useRejectRegistration();
  const [reason, setReason] = useState('');
  return (
    <Popconfirm
      title={t('cadreRegistration.registrations.rejectTitle', { name: registration.name })}
      description={
        <Input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder={t('cadreRegistration.registrations.rejectReason')}
          maxLength={200}
          data-testid="reject-reason"
        />
      }
      okButtonProps={{ disabled: reason.trim() === '', loading: reject.isPending }}
      onConfirm={() => reject.mutateAsync({ id: registration.id, reason })}
    >
      <Button size="small" data-testid="reject-registration">
        {t('cadreRegistration.registrations.reject')}
      </Button>
    </Popconfirm>
  );
}

type ApprovalValues = { gridId?: string; duties?: string };

/** 通过: the community places the cadre in one of its grids with their duties as it approves, or leaves it for later. */
function ApproveModal({ registration, onClose }: { registration: Registration; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const approve = useApproveRegistration();
  const submit = async (values: ApprovalValues) => {
    await approve.mutateAsync({ id: registration.id, gridId: values.gridId, duties: values.duties });
    void message.success(t('cadreRegistration.registrations.approved', { name: registration.name }));
  };
  return (
    <FormModal<ApprovalValues>
      title={t('cadreRegistration.registrations.approveTitle', { name: registration.name })}
      open
      onSubmit={submit}
      onClose={onClose}
      testId="approve-registration-form"
    >
      <Form.Item
        name="gridId"
        label={t('cadres.fields.grid')}
        extra={t('cadreRegistration.registrations.gridHint', { region: registration.serviceRegion.name })}
      >
        <RegionPicker level="grid" testId="approve-registration-grid" />
      </Form.Item>
      <Form.Item name="duties" label={t('cadres.fields.duties')}>
        <Input.TextArea maxLength={200} rows={2} />
      </Form.Item>
    </FormModal>
  );
}

/** A registration waiting: who, their unit, where they serve and live, and the community's decision. */
function RegistrationCard({ registration, canDecide }: { registration: Registration; canDecide: boolean }) {
  const { t } = useTranslation();
  const [isApproving, setApproving] = useState(false);
  return (
    <Card size="small" className="record-card" data-testid="registration-card">
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>
            {registration.name} · {registration.unit.name}
          </Typography.Text>
          <Tag>{t(`cadres.kind.${registration.kind}`)}</Tag>
        </Flex>
        <Typography.Text type="secondary">
          {registration.phone} ·{' '}
          {t('cadreRegistration.registrations.serves', { region: registration.serviceRegion.name })}
          {registration.homeRegion
            ? ` · ${t('cadreRegistration.registrations.lives', { region: registration.homeRegion.name })}`
            : ''}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('cadreRegistration.registrations.submitted', { time: formatDateTime(registration.createdAt) })}
        </Typography.Text>
        {canDecide ? (
          <Flex justify="end" gap={8}>
            <RejectButton registration={registration} />
            <Button size="small" type="primary" onClick={() => setApproving(true)} data-testid="approve-registration">
              {t('cadreRegistration.registrations.approve')}
            </Button>
          </Flex>
        ) : null}
        {isApproving ? <ApproveModal registration={registration} onClose={() => setApproving(false)} /> : null}
      </Space>
    </Card>
  );
}

/** 报名: the registrations waiting for the community, and (for those who manage cadres) its invitations. */
export function CadreRegistrationsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('cadre.manage');
  const registrations = usePendingRegistrations();
  const invitations = useInvitations(canManage);
  const [isInviting, setInviting] = useState(false);
  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Typography.Title level={5}>{t('cadreRegistration.registrations.title')}</Typography.Title>
      <QueryState query={registrations}>
        {() =>
          registrations.data?.length ? (
            <Flex vertical gap={8} data-testid="registration-list">
              {registrations.data.map((registration) => (
                <RegistrationCard key={registration.id} registration={registration} canDecide={canManage} />
              ))}
            </Flex>
          ) : (
            <Empty description={t('cadreRegistration.registrations.empty')} />
          )
        }
      </QueryState>
      {canManage ? (
        <>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={5}>{t('cadreRegistration.invitations.tab')}</Typography.Title>
            <Button icon={<PlusOutlined />} onClick={() => setInviting(true)} data-testid="new-invitation">
              {t('cadreRegistration.invitations.create')}
            </Button>
          </Flex>
          <QueryState query={invitations}>
            {() =>
              invitations.data?.length ? (
                <Flex vertical gap={8} data-testid="invitation-list">
                  {invitations.data.map((invitation) => (
                    <InvitationCard key={invitation.id} invitation={invitation} />
                  ))}
                </Flex>
              ) : (
                <Empty description={t('cadreRegistration.invitations.empty')} />
              )
            }
          </QueryState>
          <InvitationModal open={isInviting} onClose={() => setInviting(false)} />
        </>
      ) : null}
    </Space>
  );
}
