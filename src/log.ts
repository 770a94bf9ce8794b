/**
 * Logging goes to stderr (stdout belongs to command output such as `--json`), as JSON lines through
 * pino. Known secret fields are redacted wherever they appear.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import { SECRET_KEYS } from './config.ts';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

const REDACT_PATHS = [
  'apiKey',
  'token',
  'password',
  'authorization',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.authorization',
  'headers.authorization',
  ...SECRET_KEYS.map((key) => `config.${key}`),
];

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACT_PATHS, censor: '***' } }, pino.destination(2));
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
