/**
 * Server logging: on this machine one file per member in its log directory, rolled at 10 MB, 5 old
 * files kept (the file's location comes from the `zookeeper.log.dir` / `zookeeper.log.file` system
 * properties, so the same logging config serves every member); in a container, standard output,
 * where the container runtime keeps it (`kubectl logs`).
 */

import type { LogLevel } from '../api/spec.ts';
import type { LoggingBackend } from '../api/versions.ts';

/** logback for ZooKeeper 3.8+ from Maven; log4j 1.2 (reload4j) for 3.7 and for Debian's package. */
export type { LoggingBackend };

export const LOG_FILE_NAME = 'zookeeper.log';
const MAX_FILE_SIZE = '10MB';
const KEPT_FILES = 5;

export interface LoggingConfig {
  readonly fileName: string;
  readonly content: string;
  /** The system property that points the backend at the file. */
  readonly jvmFlag: (confDir: string) => string;
}

export type LogTarget = 'file' | 'console';

export interface LoggingOptions {
  readonly target?: LogTarget;
  /** The root logger's level (spec.logging.level). */
  readonly level?: LogLevel;
}

export function renderLoggingConfig(backend: LoggingBackend, options: LoggingOptions = {}): LoggingConfig {
  const { target = 'file', level = 'INFO' } = options;
  return backend === 'logback' ? logback(target, level) : log4j(target, level);
}

const LOGBACK_PATTERN =
  "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [myid:%X{myid}] [%thread] %logger{36} - %msg%n";
const LOG4J_PATTERN = '%d{ISO8601} %-5p [myid:%X{myid}] [%t] %c{1} - %m%n';

function logback(target: LogTarget, level: LogLevel): LoggingConfig {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: logback substitutes these system properties itself
  const file = '${zookeeper.log.dir}/${zookeeper.log.file}';
  const appender =
    target === 'console'
      ? `  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>${LOGBACK_PATTERN}</pattern>
    </encoder>
  </appender>`
      : `  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
    <file>${file}</file>
    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
      <fileNamePattern>${file}.%i</fileNamePattern>
      <minIndex>1</minIndex>
      <maxIndex>${KEPT_FILES}</maxIndex>
    </rollingPolicy>
    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
      <maxFileSize>${MAX_FILE_SIZE}</maxFileSize>
    </triggeringPolicy>
    <encoder>
      <pattern>${LOGBACK_PATTERN}</pattern>
    </encoder>
  </appender>`;
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by zkop. -->
<configuration>
${appender}
  <root level="${level}">
    <appender-ref ref="${target === 'console' ? 'CONSOLE' : 'FILE'}"/>
  </root>
</configuration>
`;
  return {
    fileName: 'logback.xml',
    content,
    jvmFlag: (confDir) => `-Dlogback.configurationFile=${confDir}/logback.xml`,
  };
}

function log4j(target: LogTarget, level: LogLevel): LoggingConfig {
  const content =
    target === 'console'
      ? `# Written by zkop.
log4j.rootLogger=${level}, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=${LOG4J_PATTERN}
`
      : `# Written by zkop.
log4j.rootLogger=${level}, FILE
log4j.appender.FILE=org.apache.log4j.RollingFileAppender
log4j.appender.FILE.File=\${zookeeper.log.dir}/\${zookeeper.log.file}
log4j.appender.FILE.MaxFileSize=${MAX_FILE_SIZE}
log4j.appender.FILE.MaxBackupIndex=${KEPT_FILES}
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=${LOG4J_PATTERN}
`;
  return {
    fileName: 'log4j.properties',
    content,
    jvmFlag: (confDir) => `-Dlog4j.configuration=file:${confDir}/log4j.properties`,
  };
}
