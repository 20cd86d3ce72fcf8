/** Open311 接入: the client applications (FixMyStreet …) that file residents' reports into the county. */
export const open311ZhCN = {
  title: 'Open311 接入',
  intro:
    '居民端应用（如 FixMyStreet）通过 Open311 GeoReport v2 接口提交诉求、查询进度。在对方后台填写以下接入地址、辖区代码和密钥。',
  endpoint: '接入地址',
  jurisdiction: '辖区代码（jurisdiction_id）',
  add: '添加客户端',
  name: '客户端名称',
  nameRequired: '请填写客户端名称',
  requestsPerMinute: '每分钟请求上限',
  keyPrefix: '密钥开头',
  createdAt: '添加时间',
  state: '状态',
  active: '有效',
  revoked: '已吊销',
  revoke: '吊销密钥',
  revokeConfirm: '吊销后，该客户端的提交将被拒绝，且无法恢复。确定吊销？',
  keyTitle: '新密钥',
  keyOnce: '密钥只显示这一次，请立即复制并填入客户端的 API key。',
  empty: '还没有客户端',
};
