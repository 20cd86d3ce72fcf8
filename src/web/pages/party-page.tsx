import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Popconfirm,
  Row,
  Space,
  Tag,
  Tree,
  Typography,
  type TreeDataNode,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { PartyOrgKind } from '../../shared/staff';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import type { PartyOrg } from '../../shared/api/party-orgs';
import { useDeletePartyOrg, usePartyOrgs } from '../features/party/party-api';
import { PartyOrgFormModal, type PartyOrgFormTarget } from '../features/party/party-org-form-modal';
import { buildPartyTree, type PartyOrgNode } from '../features/party/party-tree';
import { useRegionNames } from '../features/regions/regions-api';
import { useCan, useSignedInSession } from '../features/session/session-api';

// Higher levels in deeper red, as in party-building charts.
const kindColors: Record<PartyOrgKind, string> = {
  town_committee: 'red',
  village_committee: 'volcano',
  grid_branch: 'orange',
  party_group: 'gold',
  central_household: 'magenta',
};

function PartyOrgTitle({ org }: { org: PartyOrg }) {
  const { t } = useTranslation();
  const facts = [
    org.secretary ? `${t('party.secretary')} ${org.secretary}` : undefined,
    t('party.members', { count: org.memberCount }),
    org.coveredRegionIds.length > 0 ? t('party.grids', { count: org.coveredRegionIds.length }) : undefined,
  ].filter(Boolean);
  return (
    <span className="party-tree-title">
      <Tag color={kindColors[org.kind]}>{t(`partyOrgKind.${org.kind}`)}</Tag>
      <span>{org.name}</span>
      <Typography.Text type="secondary" className="party-tree-facts">
        {facts.join(' · ')}
      </Typography.Text>
    </span>
  );
}

function toTreeData(nodes: PartyOrgNode[]): TreeDataNode[] {
  return nodes.map((node) => ({
    key: node.id,
    title: <PartyOrgTitle org={node} />,
    children: toTreeData(node.children),
  }));
}

function PartyOrgDetails({
  org,
  regionNames,
  onEdit,
  onAddChild,
  onDeleted,
}: {
  org: PartyOrg;
  regionNames: Record<string, string>;
  onEdit: () => void;
  onAddChild: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const deleteOrg = useDeletePartyOrg();
  const regionLink = (id: string) => (
    <Link key={id} to={`/regions/${id}`}>
      {regionNames[id] ?? t('common.loading')}
    </Link>
  );
  return (
    <Card
      title={org.name}
      // Actions along the bottom leave the title the whole width, which a phone needs.
      actions={
        can('party.write')
          ? [
              <Button key="add" type="text" icon={<PlusOutlined />} onClick={onAddChild}>
                {t('party.addChild')}
              </Button>,
              <Button key="edit" type="text" icon={<EditOutlined />} onClick={onEdit}>
                {t('common.edit')}
              </Button>,
              <Popconfirm
                key="delete"
                title={t('common.confirmDelete', { name: org.name })}
                onConfirm={() =>
                  deleteOrg.mutateAsync(org.id).then(() => {
                    void message.success(t('common.deleted'));
                    onDeleted();
                  })
                }
              >
                <Button type="text" danger icon={<DeleteOutlined />}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>,
            ]
          : undefined
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'kind',
            label: t('party.kind'),
            children: <Tag color={kindColors[org.kind]}>{t(`partyOrgKind.${org.kind}`)}</Tag>,
          },
          { key: 'secretary', label: t('party.secretary'), children: org.secretary ?? t('common.none') },
          { key: 'members', label: t('party.memberCount'), children: org.memberCount },
          { key: 'region', label: t('party.region'), children: regionLink(org.regionId) },
          {
            key: 'covered',
            label: t('party.coveredRegions'),
            children:
              org.coveredRegionIds.length > 0 ? (
                <Space size={[8, 4]} wrap>
                  {org.coveredRegionIds.map(regionLink)}
                </Space>
              ) : (
                t('common.none')
              ),
          },
        ]}
      />
    </Card>
  );
}

/** 党组织: the party organisation tree laid over the regions (支部建在网格上). */
export default function PartyPage() {
  const { t } = useTranslation();
  const session = useSignedInSession();
  const can = useCan();
  const isPhone = useIsPhone();
  const orgs = usePartyOrgs(session.regionId);
  const [selectedId, setSelectedId] = useState<string>();
  const [formTarget, setFormTarget] = useState<PartyOrgFormTarget>();

  const list = orgs.data ?? [];
  const selected = list.find((org) => org.id === selectedId);
  const formOrg = formTarget?.mode === 'edit' ? formTarget.org : undefined;
  const namedRegionIds = [
    ...new Set([selected, formOrg].flatMap((org) => (org ? [org.regionId, ...org.coveredRegionIds] : []))),
  ];
  const regionNames = useRegionNames(namedRegionIds);

  const details = selected ? (
    <PartyOrgDetails
      org={selected}
      regionNames={regionNames}
      onEdit={() => setFormTarget({ mode: 'edit', org: selected })}
      onAddChild={() => setFormTarget({ mode: 'create', parent: selected })}
      onDeleted={() => setSelectedId(undefined)}
    />
  ) : null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={13}>
        <Card
          title={t('party.title')}
          extra={
            can('party.write') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setFormTarget({ mode: 'create', parent: undefined })}
                data-testid="add-party-org"
              >
                {t('party.add')}
              </Button>
            ) : null
          }
        >
          <QueryState query={orgs}>
            {() =>
              list.length === 0 ? (
                <Empty description={t('party.empty')} />
              ) : (
                <div className="party-tree" data-testid="party-tree">
                  <Tree
                    blockNode
                    showLine
                    defaultExpandAll
                    treeData={toTreeData(buildPartyTree(list))}
                    selectedKeys={selectedId ? [selectedId] : []}
                    onSelect={(keys) => setSelectedId(keys[0] === undefined ? undefined : String(keys[0]))}
                  />
                </div>
              )
            }
          </QueryState>
        </Card>
      </Col>
      {isPhone ? (
        // Below a long tree the details would be out of sight; on phones they slide up over it instead.
        <Drawer
          placement="bottom"
          open={details !== null}
          onClose={() => setSelectedId(undefined)}
          size="auto"
          styles={{ body: { padding: 0 } }}
          closable={false}
        >
          {details}
        </Drawer>
      ) : (
        <Col xs={24} lg={11} className="party-details-column">
          {details ?? (
            <Card>
              <Empty description={t('party.selectHint')} />
            </Card>
          )}
        </Col>
      )}
      <PartyOrgFormModal
        orgs={list}
        target={formTarget}
        regionNames={regionNames}
        onClose={() => setFormTarget(undefined)}
      />
    </Row>
  );
}
