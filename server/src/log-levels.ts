import type { LogLevel } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';

/** What each LOG_LEVEL lets through, for the server and its fusion worker thread alike. */
export const LEVELS: Record<AppConfig['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};
