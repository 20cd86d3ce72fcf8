import type { PublicInvitation, SubmittedRegistration } from '../../shared/api/cadre-registrations';
import './join.css';

/**
 * The cadres' registration page (/join/<token>), opened from a community's link or QR code: no sign-in, no
 * framework, a few kilobytes, so it opens quickly in WeChat's browser. It sends the registration the community then
 * approves in the console; the server's messages (an expired link, a field to fix) are shown as they come.
 */

const words = {
  'zh-CN': {
    title: '下沉干部报到',
    intro: '{community}邀请您报到，提交后由社区审核',
    forUnit: '派出单位：{unit}',
    kind: '类别',
    kinds: { cadre: '下沉干部', party_member: '在职党员' },
    name: '姓名',
    phone: '手机号',
    unit: '派出单位',
    choose: '请选择',
    home: '居住社区（村）',
    notInCounty: '不在本县',
    submit: '提交报到',
    sent: '已提交',
    sentDetail: '{community}审核通过后，您即登记为下沉干部。',
    failed: '提交失败，请检查网络后重试',
    loadFailed: '加载失败，请稍后刷新重试',
    phoneHint: '请填写11位手机号',
  },
  en: {
    title: 'Register as a cadre',
    intro: '{community} invites you to register; the community reviews it',
    forUnit: 'Dispatching unit: {unit}',
    kind: 'Kind',
    kinds: { cadre: 'Cadre sent down', party_member: 'In-service party member' },
    name: 'Name',
    phone: 'Mobile',
    unit: 'Dispatching unit',
    choose: 'Choose',
    home: 'Community where you live',
    notInCounty: 'Outside the county',
    submit: 'Register',
    sent: 'Sent',
    sentDetail: 'Once {community} approves it, you are registered as a cadre.',
    failed: 'Could not send; check the network and try again',
    loadFailed: 'Could not load; refresh to try again',
    phoneHint: 'An 11-digit mobile number',
  },
};

const language = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
const text = words[language];
document.documentElement.lang = language;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** An element with a class and text; the page builds itself from these, never from HTML strings. */
function element<Tag extends keyof HTMLElementTagNameMap>(tag: Tag, className?: string, content?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

/** The server's own words for a refusal (it answers in the page's language), or a word about the network. */
async function messageOf(response: Response, fallback: string): Promise<string> {
  const payload = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return payload?.error?.message ?? fallback;
}

function labelled(label: string, control: HTMLElement): HTMLLabelElement {
  const wrapper = element('label', undefined, label);
  wrapper.append(control);
  return wrapper;
}

function select(name: string, options: { value: string; label: string }[], testId: string): HTMLSelectElement {
  const list = element('select');
  list.name = name;
  list.dataset.testid = testId;
  for (const option of options) list.append(new Option(option.label, option.value));
  return list;
}

function form(invitation: PublicInvitation, token: string, show: (content: HTMLElement) => void): HTMLFormElement {
  const node = element('form', 'join-form');
  const kinds = element('fieldset', 'join-kinds');
  kinds.append(element('legend', undefined, text.kind));
  for (const kind of ['cadre', 'party_member'] as const) {
    const radio = element('input');
    radio.type = 'radio';
    radio.name = 'kind';
    radio.value = kind;
    radio.checked = kind === 'cadre';
    radio.dataset.testid = `join-kind-${kind}`;
    const label = element('label');
    label.append(radio, text.kinds[kind]);
    kinds.append(label);
  }
  const name = element('input');
  Object.assign(name, { name: 'name', required: true, maxLength: 40, autocomplete: 'name' });
  name.dataset.testid = 'join-name';
  const phone = element('input');
  Object.assign(phone, {
    name: 'phone',
    type: 'tel',
    required: true,
    inputMode: 'numeric',
    pattern: '1\\d{10}',
    maxLength: 11,
    title: text.phoneHint,
    autocomplete: 'tel',
  });
  phone.dataset.testid = 'join-phone';
  node.append(kinds, labelled(text.name, name), labelled(text.phone, phone));
  if (invitation.unit === null) {
    const units = select(
      'unitId',
      [{ value: '', label: text.choose }, ...invitation.units.map((unit) => ({ value: unit.id, label: unit.name }))],
      'join-unit',
    );
    units.required = true;
    node.append(labelled(text.unit, units));
  }
  const homes = [
    { value: '', label: text.notInCounty },
    ...invitation.communities.map((community) => ({ value: community.id, label: community.name })),
  ];
  node.append(labelled(text.home, select('homeRegionId', homes, 'join-home')));
  const error = element('p', 'join-error');
  error.setAttribute('role', 'alert');
  const submit = element('button', 'join-submit', text.submit);
  submit.type = 'submit';
  submit.dataset.testid = 'join-submit';
  node.append(error, submit);

  node.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = new FormData(node);
    const optional = (key: string) => (values.get(key) ? String(values.get(key)) : undefined);
    const body = {
      kind: String(values.get('kind')),
      name: String(values.get('name')),
      phone: String(values.get('phone')),
      unitId: optional('unitId'),
      homeRegionId: optional('homeRegionId'),
    };
    submit.disabled = true;
    error.textContent = '';
    fetch(`/api/v1/public/cadre-invitations/${token}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify(body),
    })
      .then(async (response) => {
        if (!response.ok) {
          error.textContent = await messageOf(response, text.failed);
          return;
        }
        const sent = (await response.json()) as SubmittedRegistration;
        const message = element('div', 'join-message');
        message.dataset.testid = 'join-sent';
        message.append(
          element('strong', undefined, text.sent),
          fill(text.sentDetail, { community: sent.serviceRegionName }),
        );
        show(message);
      })
      .catch(() => {
        error.textContent = text.failed;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return node;
}

async function showPage(root: HTMLElement) {
  const token = /^\/join\/([A-Za-z0-9_-]{43})\/?$/.exec(location.pathname)?.[1] ?? '';
  const message = (content: string) => {
    const box = element('p', 'join-message', content);
    box.dataset.testid = 'join-message';
    root.replaceChildren(box);
  };
  let invitation: PublicInvitation;
  try {
    const response = await fetch(`/api/v1/public/cadre-invitations/${token}`, {
      headers: { 'accept-language': language },
    });
    if (!response.ok) return message(await messageOf(response, text.loadFailed));
    invitation = (await response.json()) as PublicInvitation;
  } catch {
    return message(text.loadFailed);
  }
  document.title = `${invitation.serviceRegionName} · ${text.title}`;
  const header = element('header', 'join-header');
  header.append(
    element('h1', undefined, text.title),
    element('p', undefined, fill(text.intro, { community: `${invitation.countyName}${invitation.serviceRegionName}` })),
  );
  if (invitation.unit) header.append(element('p', 'join-fixed', fill(text.forUnit, { unit: invitation.unit.name })));
  const body = element('div');
  body.append(form(invitation, token, (content) => body.replaceChildren(content)));
  root.replaceChildren(header, body);
}

void showPage(document.querySelector<HTMLElement>('#join')!);
