import type { MavenArtifact } from './runtime-artifacts.ts';

/** A throwaway pom whose only purpose is `mvn dependency:copy-dependencies` of `artifacts`. */
export function renderResolverPom(version: string, artifacts: readonly MavenArtifact[]): string {
  const deps = artifacts
    .map((a) =>
      [
        '    <dependency>',
        `      <groupId>${a.groupId}</groupId>`,
        `      <artifactId>${a.artifactId}</artifactId>`,
        `      <version>${a.version}</version>`,
        '    </dependency>',
      ].join('\n'),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.zkop.distribution</groupId>
  <artifactId>zookeeper-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}
