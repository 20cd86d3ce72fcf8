import { Form } from 'antd';
import { RegionPicker } from '../regions/region-picker';
import type { Region } from '../../../shared/api/regions';
import { gridLevels } from './registry-values';
import { useRegistryTranslation } from './use-registry-translation';

/** The grid (or micro-grid) a record is registered in, chosen under the page's region; required. */
export function GridField({ region, known }: { region: Region | undefined; known?: { id: string; name: string } }) {
  const { t } = useRegistryTranslation();
  return (
    <Form.Item
      name="regionId"
      label={t('registry.person.grid')}
      rules={[{ required: true, message: t('registry.form.gridRequired') }]}
    >
      <RegionPicker
        root={region}
        selectableLevels={gridLevels}
        knownLabels={known ? { [known.id]: known.name } : undefined}
      />
    </Form.Item>
  );
}

/** The grid a new record starts in: the page's region when it is a grid, else none yet. */
export function startingGridId(region: Region | undefined): string | undefined {
  return region && gridLevels.includes(region.level) ? region.id : undefined;
}
