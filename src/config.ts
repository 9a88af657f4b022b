import { z } from 'zod';

/** All schedule and deadline logic runs on Almaty time whatever the host's TZ is. */
export const APP_TIME_ZONE = 'Asia/Almaty';

const telegramIdList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const ids = raw
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((part) => Number(part));
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a comma-separated list of numeric Telegram user ids',
      });
      return z.NEVER;
    }
    return ids;
  });

const configSchema = z.object({
  BOT_TOKEN: z
    .string({ error: 'is required: set it to the token @BotFather gave you (in .env or the environment)' })
    .regex(/^\d+:[\w-]{10,}$/, 'does not look like a bot token (expected 123456:ABC-...)'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[\w-]+$/, 'must be a plain database name')
    .default('bagalau'),
  TELEGRAM_API_ROOT: z.url('must be a URL such as http://127.0.0.1:8081').optional(),
  ADMIN_TELEGRAM_IDS: telegramIdList,
  DEFAULT_LANGUAGE: z.enum(['kk', 'ru'], { error: 'must be kk or ru' }).default('kk'),
  EMBEDDED_MONGO_DIR: z.string().default('.data/mongo'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INVITE_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 30)
    .default(72),
  /** Respondents and evaluators with unfinished work are reminded this many working days before a deadline. */
  REMINDER_WORKING_DAYS_BEFORE: z
    .string()
    .default('3,1')
    .transform((raw, ctx) => {
      const days = raw
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number);
      if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 30)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a comma-separated list of working-day counts (0-30)',
        });
        return z.NEVER;
      }
      return days;
    }),
  /**
   * The key that seals 360 answers until their campaign closes (32 random bytes, base64 or hex).
   * Never stored in MongoDB; required with MONGODB_URI, generated at first start for the embedded setup.
   */
  ANSWERS_KEY: z
    .string()
    .regex(
      /^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/,
      'must be 32 bytes as base64 (openssl rand -base64 32) or hex',
    )
    .optional(),
  /** A file holding ANSWERS_KEY instead (e.g. a mounted secret). */
  ANSWERS_KEY_FILE: z.string().optional(),
  /** polling: this instance fetches updates (one instance per token); webhook: Telegram posts them (N instances). */
  BOT_MODE: z.enum(['polling', 'webhook'], { error: 'must be polling or webhook' }).default('polling'),
  /** The public HTTPS address Telegram posts updates to (the load balancer in front of the instances). */
  WEBHOOK_URL: z.url('must be a URL such as https://bot.example.kz/telegram').optional(),
  /** Telegram sends it in every webhook request; requests without it are refused. */
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  WEBHOOK_PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
  WEBHOOK_HOST: z.string().default('0.0.0.0'),
  /**
   * The HR dashboard (a Telegram Mini App): its public HTTPS address as Telegram opens it. Without it
   * no dashboard is served and no button opens one.
   */
  WEBAPP_URL: z.url('must be a URL such as https://bot.example.kz/dashboard/').optional(),
  /** Where this instance serves the dashboard (0: any free port, for tests). */
  WEBAPP_PORT: z.coerce.number().int().min(0).max(65_535).default(8090),
  WEBAPP_HOST: z.string().default('0.0.0.0'),
  /** How old Telegram's signed launch data may be before the dashboard asks to be reopened. */
  WEBAPP_AUTH_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3600),
  /** How often the outbox worker looks for queued messages. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Validates the environment; the error lists one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(cleaned);
  if (result.success) {
    // A real database without a key would have nowhere safe to keep it: refuse rather than invent one.
    if (result.data.MONGODB_URI && !result.data.ANSWERS_KEY && !result.data.ANSWERS_KEY_FILE)
      throw new ConfigError(
        'ANSWERS_KEY is required with MONGODB_URI (32 random bytes: openssl rand -base64 32), or set ANSWERS_KEY_FILE',
      );
    if (result.data.BOT_MODE === 'webhook' && (!result.data.WEBHOOK_URL || !result.data.WEBHOOK_SECRET))
      throw new ConfigError('WEBHOOK_URL and WEBHOOK_SECRET are required with BOT_MODE=webhook');
    return result.data;
  }
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(lines.join('\n'));
}
