/**
 * Server logging: one file per member in its log directory, rolled at 10 MB, 5 old files kept.
 * The file's location comes from the `zookeeper.log.dir` / `zookeeper.log.file` system properties,
 * so the same logging config serves every member.
 */

/** logback for ZooKeeper from Maven; log4j 1.2 for Debian's package, which binds slf4j to it. */
export type LoggingBackend = 'logback' | 'log4j';

export const LOG_FILE_NAME = 'zookeeper.log';
const MAX_FILE_SIZE = '10MB';
const KEPT_FILES = 5;

export interface LoggingConfig {
  readonly fileName: string;
  readonly content: string;
  /** The system property that points the backend at the file. */
  readonly jvmFlag: (confDir: string) => string;
}

export function renderLoggingConfig(backend: LoggingBackend): LoggingConfig {
  return backend === 'logback' ? logback() : log4j();
}

function logback(): LoggingConfig {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: logback substitutes these system properties itself
  const file = '${zookeeper.log.dir}/${zookeeper.log.file}';
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by zkop. -->
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
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
      <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [myid:%X{myid}] [%thread] %logger{36} - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="FILE"/>
  </root>
</configuration>
`;
  return {
    fileName: 'logback.xml',
    content,
    jvmFlag: (confDir) => `-Dlogback.configurationFile=${confDir}/logback.xml`,
  };
}

function log4j(): LoggingConfig {
  const content = `# Written by zkop.
log4j.rootLogger=INFO, FILE
log4j.appender.FILE=org.apache.log4j.RollingFileAppender
log4j.appender.FILE.File=\${zookeeper.log.dir}/\${zookeeper.log.file}
log4j.appender.FILE.MaxFileSize=${MAX_FILE_SIZE}
log4j.appender.FILE.MaxBackupIndex=${KEPT_FILES}
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} %-5p [myid:%X{myid}] [%t] %c{1} - %m%n
`;
  return {
    fileName: 'log4j.properties',
    content,
    jvmFlag: (confDir) => `-Dlog4j.configuration=file:${confDir}/log4j.properties`,
  };
}
