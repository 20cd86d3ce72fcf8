import path from 'node:path';
import { z } from 'zod';
import { roles, type Role } from '../shared/policy.js';
import { packageRoot } from './package-root.js';
import { smsProviderKinds, smsTemplateSettings, type SmsSettings } from './sms/sms-settings.js';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** `true` lets group robot URLs point at this machine or a private network (a robot relay inside it). */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Photos one case may hold. */
  CASE_PHOTO_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Photos one account may upload within PHOTO_UPLOAD_WINDOW_MINUTES (an offline phone sends its queue at once). */
  PHOTO_UPLOAD_LIMIT: z.coerce.number().int().min(1).default(60),
  PHOTO_UPLOAD_WINDOW_MINUTES: z.coerce.number().int().min(1).default(10),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DEMO_PASSWORD: z.string().min(8, 'DEMO_PASSWORD must have at least 8 characters').optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  BASEMAP_URL: z.string().optional(),
  BASEMAP_ATTRIBUTION: z.string().default(''),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** Which proxies may set X-Forwarded-For: `loopback` (a proxy on this machine), addresses/CIDRs, `true` or `false`. */
  TRUST_PROXY: z.string().default('loopback'),
  /** How often the server sweeps deadlines and sends group robot messages; 0 leaves it to `gridlink sweep`. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Roles that must sign in with a second factor, comma-separated, or `none`; unset: admin,county in production. */
  SECOND_FACTOR_ROLES: z
    .string()
    .transform((value) => (value.trim() === 'none' ? [] : value.split(',').map((role) => role.trim())))
    .pipe(z.array(z.enum(roles)))
    .optional(),
  /** Key that encrypts the stored TOTP secrets; unset: a random key kept in DATA_DIR/second-factor.key. */
  SECOND_FACTOR_KEY: z.string().min(32, 'SECOND_FACTOR_KEY must have at least 32 characters').optional(),
  /** Where files are kept: `folder` (DATA_DIR/files) or `s3` (an S3-compatible bucket, the S3_* settings). */
  FILE_STORE: z.enum(['folder', 's3']).default('folder'),
  /** The service's address (MinIO, OSS, COS); unset: AWS S3 itself. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `true` addresses the bucket in the path (endpoint/bucket/key), as MinIO needs, instead of as a host name. */
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** Who sends text messages (residents' sign-in codes): `console` (the outbox; not in production), `aliyun`, `tencent`. */
  SMS_PROVIDER: z.enum(smsProviderKinds).optional(),
  /** The provider's API address; unset: its public one. Tests point it at a local receiver. */
  SMS_ENDPOINT: z.url().optional(),
  SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** The approved signature (签名) and code template of the provider's console. */
  SMS_SIGN_NAME: z.string().min(1).optional(),
  SMS_TEMPLATE_ID: z.string().min(1).optional(),
  /** The approved templates of what residents are told about their cases and wishes; unset: that kind is not texted. */
  SMS_TEMPLATE_CASE_HANDLED: z.string().min(1).optional(),
  SMS_TEMPLATE_CASE_CLOSED: z.string().min(1).optional(),
  SMS_TEMPLATE_WISH_CLAIMED: z.string().min(1).optional(),
  SMS_TEMPLATE_WISH_FULFILLED: z.string().min(1).optional(),
  /** Tencent Cloud only: the SMS application (SdkAppId). */
  SMS_APP_ID: z.string().min(1).optional(),
  /** The address residents open (printed on the grid posters' QR codes); unset: the address of the request. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Cases one resident may report in a day (China time), so one phone cannot flood a grid's worklist. */
  RESIDENT_REPORT_DAILY_LIMIT: z.coerce.number().int().min(1).default(10),
});

/** The settings each real SMS provider cannot do without. */
const requiredSmsSettings = {
  aliyun: ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'],
  tencent: ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID', 'SMS_APP_ID'],
} as const;

/** The bucket settings FILE_STORE=s3 cannot do without. */
const requiredS3Settings = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

export type S3Settings = {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

export type FileStoreSettings = { kind: 'folder'; folder: string } | ({ kind: 's3' } & S3Settings);

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  isPrivateWebhookAllowed: boolean;
  photoLimits: { perCase: number; perAccount: number; windowMinutes: number };
  databaseUrl: string | undefined;
  demoPassword: string | undefined;
  isProduction: boolean;
  basemapUrl: string | undefined;
  basemapAttribution: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  logLevel: string;
  trustProxy: boolean | string;
  sweepIntervalSeconds: number;
  webRoot: string;
  secondFactorRoles: Role[];
  secondFactorKey: string | undefined;
  fileStore: FileStoreSettings;
  sms: SmsSettings;
  publicBaseUrl: string | undefined;
  residentReportDailyLimit: number;
};

/** Reads the environment once; a bad setting stops the start with a message naming it. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema
    .superRefine((settings, context) => {
      checkSmsSettings(settings, context);
      if (settings.FILE_STORE !== 's3') return;
      for (const name of requiredS3Settings) {
        if (!settings[name]) context.addIssue({ code: 'custom', path: [name], message: 'required when FILE_STORE=s3' });
      }
    })
    .safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid settings: ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  return {
    port: settings.PORT,
    host: settings.HOST,
    dataDir: path.resolve(settings.DATA_DIR),
    isPrivateWebhookAllowed: settings.WEBHOOK_ALLOW_PRIVATE,
    photoLimits: {
      perCase: settings.CASE_PHOTO_LIMIT,
      perAccount: settings.PHOTO_UPLOAD_LIMIT,
      windowMinutes: settings.PHOTO_UPLOAD_WINDOW_MINUTES,
    },
    databaseUrl: settings.DATABASE_URL,
    demoPassword: settings.DEMO_PASSWORD,
    isProduction: settings.NODE_ENV === 'production',
    basemapUrl: settings.BASEMAP_URL || undefined,
    basemapAttribution: settings.BASEMAP_ATTRIBUTION,
    sessionIdleMinutes: settings.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: settings.SESSION_ABSOLUTE_HOURS,
    logLevel: settings.LOG_LEVEL,
    trustProxy:
      settings.TRUST_PROXY === 'true' ? true : settings.TRUST_PROXY === 'false' ? false : settings.TRUST_PROXY,
    sweepIntervalSeconds: settings.SWEEP_INTERVAL_SECONDS,
    webRoot: path.join(packageRoot, 'dist/web'),
    // A demo installation asks nobody for a second factor unless told to; production asks its widest roles.
    secondFactorRoles: settings.SECOND_FACTOR_ROLES ?? (settings.NODE_ENV === 'production' ? ['admin', 'county'] : []),
    secondFactorKey: settings.SECOND_FACTOR_KEY,
    fileStore:
      settings.FILE_STORE === 's3'
        ? {
            kind: 's3',
            endpoint: settings.S3_ENDPOINT,
            region: settings.S3_REGION,
            bucket: settings.S3_BUCKET!,
            accessKeyId: settings.S3_ACCESS_KEY_ID!,
            secretAccessKey: settings.S3_SECRET_ACCESS_KEY!,
            forcePathStyle: settings.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'folder', folder: path.join(path.resolve(settings.DATA_DIR), 'files') },
    sms: smsSettingsOf(settings),
    publicBaseUrl: settings.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    residentReportDailyLimit: settings.RESIDENT_REPORT_DAILY_LIMIT,
  };
}

type Settings = z.output<typeof environmentSchema>;

/**
 * Production never uses the console outbox, which would let administrators sign in as any resident: asking for it is
 * refused at start; leaving SMS_PROVIDER unset sends no codes (the residents' channel answers 503 until it is set).
 */
function checkSmsSettings(settings: Settings, context: z.RefinementCtx) {
  const kind = settings.SMS_PROVIDER;
  if (settings.NODE_ENV === 'production' && kind === 'console') {
    const message = 'choose aliyun or tencent: the console outbox is refused in production';
    context.addIssue({ code: 'custom', path: ['SMS_PROVIDER'], message });
  }
  if (kind !== 'aliyun' && kind !== 'tencent') return;
  for (const name of requiredSmsSettings[kind]) {
    if (!settings[name])
      context.addIssue({ code: 'custom', path: [name], message: `required when SMS_PROVIDER=${kind}` });
  }
}

function smsSettingsOf(settings: Settings): SmsSettings {
  if (settings.SMS_PROVIDER === undefined && settings.NODE_ENV === 'production') return { kind: 'none' };
  if (settings.SMS_PROVIDER !== 'aliyun' && settings.SMS_PROVIDER !== 'tencent') return { kind: 'console' };
  return {
    kind: settings.SMS_PROVIDER,
    endpoint: settings.SMS_ENDPOINT,
    accessKeyId: settings.SMS_ACCESS_KEY_ID!,
    accessKeySecret: settings.SMS_ACCESS_KEY_SECRET!,
    signName: settings.SMS_SIGN_NAME!,
    templates: {
      ...Object.fromEntries(
        Object.entries(smsTemplateSettings).flatMap(([kind, name]) => (settings[name] ? [[kind, settings[name]]] : [])),
      ),
      sign_in_code: settings.SMS_TEMPLATE_ID!,
    },
    appId: settings.SMS_APP_ID ?? '',
  };
}
