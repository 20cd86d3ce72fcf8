import type { secondFactorZhCN } from './second-factor.zh-CN';

export const secondFactorEn: typeof secondFactorZhCN = {
  title: 'Two-step verification',
  codeStepHint:
    'Enter the 6-digit code your authenticator app shows. Without your phone, enter one of your recovery codes.',
  code: 'Code or recovery code',
  codeRequired: 'Enter the code',
  rememberDevice: 'Don’t ask again on this device for 30 days',
  verify: 'Verify',
  backToSignIn: 'Back to sign-in',
  enrolmentRequired: 'Your role requires two-step verification. Set it up to continue.',
  scanStep:
    '1. Scan the QR code with an authenticator app on your phone (Tencent Authenticator, Microsoft Authenticator, Google Authenticator…).',
  manualKey: 'Cannot scan? Enter this key by hand:',
  confirmStep: '2. Enter the 6-digit code the app shows to confirm.',
  confirm: 'Turn on',
  recoveryTitle: 'Two-step verification is on: save your recovery codes',
  recoveryHint:
    'If your phone is lost or not at hand, sign in with a recovery code. Each works once, and they are not shown again after this page: write them down or print them and keep them safe.',
  copyRecoveryCodes: 'Copy all recovery codes',
  recoverySaved: 'I have saved them, continue',
  enabled: 'Two-step verification is on',
  recoveryCodesLeft: 'Recovery codes left: {{count}}',
  lostPhoneHint:
    'If you change or lose your phone, ask your administrator to reset two-step verification, then set it up again.',
  notEnabled:
    'Two-step verification is off. Once on, signing in asks for a code from your phone’s authenticator app as well as the password.',
  requiredForRole: 'Your role requires two-step verification.',
  enable: 'Turn on two-step verification',
  close: 'Close',
  column: 'Two-step',
  on: 'On',
  off: 'Off',
  reset: 'Reset two-step verification',
  resetConfirm:
    'Reset two-step verification of “{{name}}”? The account is signed out, and sets it up again at its next sign-in if its role requires it.',
  resetDone: 'Two-step verification reset',
};
