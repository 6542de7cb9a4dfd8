/**
 * The logging interface shared code writes to. Entry points hand in the one backed by
 * `@actions/core`; tests hand in a recording one and assert on what was logged.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  /** Something the user should act on; becomes an annotation on the runner. */
  warning(message: string, where?: Annotation): void;
  error(message: string, where?: Annotation): void;
  /** Runs `fn` inside a named, collapsible log group that is always closed. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface Annotation {
  file?: string;
  startLine?: number;
  endLine?: number;
  title?: string;
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group';
  message: string;
  where?: Annotation;
}

/** A logger that keeps every entry in memory. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string): void {
    this.entries.push({ level: 'debug', message });
  }

  info(message: string): void {
    this.entries.push({ level: 'info', message });
  }

  warning(message: string, where?: Annotation): void {
    this.entries.push({ level: 'warning', message, where });
  }

  error(message: string, where?: Annotation): void {
    this.entries.push({ level: 'error', message, where });
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.entries.push({ level: 'group', message: name });
    return fn();
  }

  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => !level || e.level === level).map((e) => e.message);
  }
}
