/**
 * One JSON line per event: `{"time","level","event",…fields}`. Never pass message text or tokens
 * (a session's id is fine): logs are read by operators and shipped to other systems.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface JsonLoggerOptions {
  /** Events below this level are dropped. Default `info`. */
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
}

export function jsonLogger({ level = 'info', write = (line) => process.stdout.write(line + '\n') }: JsonLoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  return (eventLevel, event, fields) => {
    if (LOG_LEVELS.indexOf(eventLevel) < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: eventLevel, event, ...fields }));
  };
}

export const silentLogger: Logger = () => {};
