import { Button, List } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { ResidentGridCard, ResidentGrids, ResidentMe } from '../../shared/api/resident';
import { request } from '../../mobile/api';
import { useT } from './i18n';
import { MyMoralBank } from './moral-bank';
import { MyNotices } from './notices';

/**
 * 我的: who the page knows the resident as (their phone by its last 4 digits), their messages (我的消息) and the
 * text-message switch, their moral-bank points, their grid's 亮身份 card — its people and the published service
 * phone — and signing out. A guest who came by a grid's poster
 * sees that grid's card.
 */
export function MeScreen(props: { me: ResidentMe; onSignOut: () => void; onOpen: (tab: 'cases' | 'wishes') => void }) {
  const t = useT();
  const { me } = props;
  const [card, setCard] = useState<ResidentGridCard>();

  useEffect(() => {
    const posterGrid = new URLSearchParams(location.search).get('grid');
    const gridId = async () => {
      if (me.grid || !posterGrid) return me.grid?.id;
      const { items } = await request<ResidentGrids>(`/resident/grids?q=${encodeURIComponent(posterGrid)}`);
      return items.find((item) => item.code === posterGrid)?.id;
    };
    gridId()
      .then((id) => (id ? request<ResidentGridCard>(`/resident/grid-card?gridId=${id}`) : undefined))
      .then(setCard)
      // The card is a help, not the page: without it 我的 still shows the resident's facts.
      .catch(() => setCard(undefined));
  }, [me.grid]);

  return (
    <>
      <List header={me.displayName} data-testid="me">
        <List.Item extra={me.phone}>{t('me.phone')}</List.Item>
        {me.person ? <List.Item extra={me.person.name}>{t('me.person')}</List.Item> : null}
        {me.person?.householdAddress ? (
          <List.Item extra={me.person.householdAddress}>{t('me.address')}</List.Item>
        ) : null}
        {me.grid ? <List.Item extra={`${me.grid.villageName} ${me.grid.name}`}>{t('me.grid')}</List.Item> : null}
      </List>
      {me.grid ? null : <p className="resident-muted resident-padded">{t('me.guest')}</p>}
      <MyNotices me={me} onOpen={props.onOpen} />
      <MyMoralBank />
      {card ? (
        <List header={t('card.title')} data-testid="grid-card">
          <List.Item description={card.fullName}>{card.grid.name}</List.Item>
          {card.people.map((group) => (
            <List.Item key={group.kind} extra={group.names.join('、')}>
              {t(`card.kind.${group.kind}`)}
            </List.Item>
          ))}
          <List.Item
            extra={
              card.servicePhone ? (
                <a href={`tel:${card.servicePhone.phone}`}>{card.servicePhone.phone}</a>
              ) : (
                t('card.noServicePhone')
              )
            }
            description={card.servicePhone?.name}
          >
            {t('card.servicePhone')}
          </List.Item>
        </List>
      ) : null}
      <div className="resident-padded">
        <Button block onClick={props.onSignOut} data-testid="sign-out">
          {t('me.signOut')}
        </Button>
      </div>
    </>
  );
}
