import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, languageNames, languages } from '../i18n';

export function LanguageSwitch({ isCompact = false }: { isCompact?: boolean }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  return (
    <Dropdown
      menu={{
        items: languages.map((code) => ({ key: code, label: languageNames[code] })),
        selectable: true,
        selectedKeys: [i18n.language],
        onClick: ({ key }) => changeLanguage(key as (typeof languages)[number]),
      }}
      trigger={['click']}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('header.language')} data-testid="language-switch">
        {isCompact ? null : languageNames[language]}
      </Button>
    </Dropdown>
  );
}
