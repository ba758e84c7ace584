/** One JSON line per event. Never pass message text or tokens: logs are read by operators, not visitors. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  return (level, event, fields) => write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
}

export const silentLogger: Logger = () => {};
