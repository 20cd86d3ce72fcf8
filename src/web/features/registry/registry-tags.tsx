import { FlagFilled, LockOutlined } from '@ant-design/icons';
import { Select, Space, Tag } from 'antd';
import { useTagCatalog } from './tags-api';
import { useRegistryTranslation } from './use-registry-translation';

// Sensitive groups (which only some roles see) stand apart from the ordinary ones, so nobody reads them out by mistake.
const ordinaryTagColor = 'geekblue';
const sensitiveTagColor = 'magenta';

/** A person's or household's tags, by name in the current language. */
export function TagList({ codes }: { codes: string[] }) {
  const { t } = useRegistryTranslation();
  const catalog = useTagCatalog();
  if (codes.length === 0) return null;
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((code) =>
        catalog.isSensitive(code) ? (
          <Tag key={code} color={sensitiveTagColor} icon={<LockOutlined />} title={t('registry.tags.sensitive')}>
            {catalog.nameOf(code)}
          </Tag>
        ) : (
          <Tag key={code} color={ordinaryTagColor}>
            {catalog.nameOf(code)}
          </Tag>
        ),
      )}
    </Space>
  );
}

export function PartyMemberTag() {
  const { t } = useRegistryTranslation();
  return (
    <Tag color="red" icon={<FlagFilled />} variant="outlined">
      {t('registry.person.partyMember')}
    </Tag>
  );
}

type TagSelectProps = {
  value?: string[] | string;
  onChange?: (value: string[] | string | undefined) => void;
  isMultiple?: boolean;
  placeholder?: string;
  className?: string;
  testId?: string;
};

/** Chooses tags from the list the user may see (sensitive ones only with `sensitive.read`). */
export function TagSelect({ value, onChange, isMultiple = false, placeholder, className, testId }: TagSelectProps) {
  const catalog = useTagCatalog();
  return (
    <Select<string[] | string>
      mode={isMultiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={catalog.isPending}
      placeholder={placeholder}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={catalog.options}
      optionRender={(option) => (
        <Space size={4}>
          {option.label}
          {catalog.isSensitive(String(option.value)) ? <LockOutlined /> : null}
        </Space>
      )}
      className={className}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
