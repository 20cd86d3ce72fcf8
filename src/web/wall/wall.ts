import type { WallWish, WishWall } from '../../shared/api/wishes';
import './wall.css';

/**
 * The public wish wall (/wall/<county code>, optionally ?drive=<id>): no sign-in, no framework, a few kilobytes, so it
 * opens quickly in WeChat's browser. It shows only what the server's wall answer carries, which is only what the
 * county allows; the console's bundle never loads it.
 */

const words = {
  'zh-CN': {
    title: '微心愿墙',
    intro: '群众的微心愿，党员干部和共建单位来认领',
    published: '已发布',
    claimed: '已认领',
    fulfilled: '已圆梦',
    drive: '{name}：已圆梦 {fulfilled} / 目标 {target}',
    more: '加载更多',
    empty: '暂时还没有公开的心愿',
    missing: '该县没有开放心愿墙',
    failed: '加载失败，请稍后刷新重试',
    claimedBy: '{name} 认领',
    status: { published: '待认领', claimed: '已认领', fulfilled: '已圆梦', acknowledged: '已圆梦' },
    category: {
      daily_goods: '生活用品',
      study: '学习用品',
      health: '医疗健康',
      service: '上门服务',
      company: '陪伴关爱',
      other: '其他',
    },
  },
  en: {
    title: 'Wish wall',
    intro: 'Residents’ small wishes, claimed by party members, cadres and partner units',
    published: 'Published',
    claimed: 'Claimed',
    fulfilled: 'Fulfilled',
    drive: '{name}: {fulfilled} fulfilled of {target}',
    more: 'Load more',
    empty: 'No wish is public yet',
    missing: 'This county has no wish wall',
    failed: 'Could not load; refresh to try again',
    claimedBy: 'Claimed by {name}',
    status: { published: 'Open', claimed: 'Claimed', fulfilled: 'Fulfilled', acknowledged: 'Fulfilled' },
    category: {
      daily_goods: 'Daily goods',
      study: 'Study',
      health: 'Health',
      service: 'Home service',
      company: 'Company',
      other: 'Other',
    },
  },
};

const language = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
const text = words[language];
document.documentElement.lang = language;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** An element with a class and text; the wall builds its page from these, never from HTML strings. */
function element<Tag extends keyof HTMLElementTagNameMap>(tag: Tag, className?: string, content?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function wishItem(wish: WallWish): HTMLLIElement {
  const item = element('li', 'wall-wish');
  item.dataset.testid = 'wall-wish';
  const top = element('div', 'wall-wish-top');
  const who = [wish.residentName, wish.villageName].filter(Boolean).join(' · ');
  top.append(
    element('span', 'wall-wish-who', `${who ? `${who} · ` : ''}${text.category[wish.category]}`),
    element('span', `wall-status wall-status-${wish.status}`, text.status[wish.status]),
  );
  item.append(top, element('p', 'wall-wish-content', wish.content));
  if (wish.claimantUnitName) {
    item.append(element('span', 'wall-wish-who', fill(text.claimedBy, { name: wish.claimantUnitName })));
  }
  return item;
}

function header(wall: WishWall): HTMLElement {
  const top = element('header', 'wall-header');
  top.append(element('h1', undefined, `${wall.countyName} · ${text.title}`), element('p', undefined, text.intro));
  const counts = element('div', 'wall-counts');
  for (const key of ['published', 'claimed', 'fulfilled'] as const) {
    const count = element('div', 'wall-count');
    const value = element('strong', undefined, String(wall.counts[key]));
    value.dataset.testid = `wall-count-${key}`;
    count.append(value, element('span', undefined, text[key]));
    counts.append(count);
  }
  top.append(counts);
  if (wall.drive) {
    const progress = element('div', 'wall-progress');
    const bar = element('div', 'wall-progress-bar');
    const filled = element('span');
    filled.style.width = `${Math.min(100, (wall.counts.fulfilled * 100) / wall.drive.targetCount)}%`;
    bar.append(filled);
    progress.append(
      element(
        'p',
        undefined,
        fill(text.drive, { name: wall.drive.name, fulfilled: wall.counts.fulfilled, target: wall.drive.targetCount }),
      ),
      bar,
    );
    top.append(progress);
  }
  return top;
}

async function fetchWall(county: string, driveId: string | null, cursor: string | null): Promise<WishWall> {
  const query = new URLSearchParams({ county });
  if (driveId) query.set('driveId', driveId);
  if (cursor) query.set('cursor', cursor);
  const response = await fetch(`/api/v1/public/wish-wall?${query.toString()}`, {
    headers: { 'accept-language': language },
  });
  if (!response.ok) throw new Error(response.status === 404 || response.status === 400 ? 'missing' : 'failed');
  return (await response.json()) as WishWall;
}

async function showWall(root: HTMLElement) {
  const county = /^\/wall\/(\d{6})\/?$/.exec(location.pathname)?.[1];
  const driveId = new URLSearchParams(location.search).get('drive');
  const message = (content: string) => root.replaceChildren(element('p', 'wall-message', content));
  if (!county) return message(text.missing);
  try {
    const first = await fetchWall(county, driveId, null);
    document.title = `${first.countyName} · ${text.title}`;
    const list = element('ul', 'wall-list');
    list.append(...first.items.map(wishItem));
    root.replaceChildren(header(first), first.items.length > 0 ? list : element('p', 'wall-message', text.empty));
    let cursor = first.nextCursor;
    const more = element('button', 'wall-more', text.more);
    more.type = 'button';
    more.addEventListener('click', () => {
      more.disabled = true;
      fetchWall(county, driveId, cursor)
        .then((page) => {
          list.append(...page.items.map(wishItem));
          cursor = page.nextCursor;
          if (!cursor) more.remove();
        })
        .catch(() => undefined)
        .finally(() => {
          more.disabled = false;
        });
    });
    if (cursor) root.append(more);
  } catch (error) {
    message(error instanceof Error && error.message === 'missing' ? text.missing : text.failed);
  }
}

void showWall(document.querySelector<HTMLElement>('#wall')!);
