import { Drawer, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadMore, QueryState } from '../../components/query-state';
import { useIsPhone } from '../../components/use-is-phone';
import { InspectionCounts, inspectionTimeText } from './inspection-parts';
import { usePlaceInspections } from './inspections-api';

/** A place's inspections and re-inspections, newest first, each opening its page. */
export default function PlaceInspectionsDrawer({
  place,
  onClose,
}: {
  place: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const inspections = usePlaceInspections(place?.id);
  return (
    <Drawer
      open={place !== undefined}
      onClose={onClose}
      title={`${place?.name ?? ''} · ${t('inspections.history')}`}
      size={isPhone ? '100%' : 520}
      data-testid="place-inspections"
    >
      <QueryState query={inspections}>
        {() => (
          <>
            <List
              size="small"
              bordered
              dataSource={inspections.items}
              locale={{ emptyText: t('inspections.none') }}
              renderItem={(inspection) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Link to={`/inspections/${inspection.id}`}>{inspectionTimeText(inspection)}</Link>
                    <Typography.Text type="secondary">
                      {inspection.inspectors.map((person) => person.name).join('、')}
                    </Typography.Text>
                    <InspectionCounts inspection={inspection} />
                  </Space>
                </List.Item>
              )}
            />
            <LoadMore list={inspections} />
          </>
        )}
      </QueryState>
    </Drawer>
  );
}
