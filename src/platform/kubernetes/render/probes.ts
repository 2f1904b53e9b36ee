/**
 * Probes that only read: readiness asks `srvr` whether the member serves, liveness and startup ask
 * `ruok` whether the process answers. None of them restarts anything but the probed container, and
 * none touches the ensemble's membership.
 */
import type { V1Probe } from '@kubernetes/client-node';
import { SOURCE_DIR } from './pod-layout.ts';
import { LIVE_SCRIPT, READY_SCRIPT } from './scripts.ts';

const script = (name: string, clientPort: number): string[] => [
  'bash',
  `${SOURCE_DIR}/${name}`,
  String(clientPort),
];

export function readinessProbe(clientPort: number): V1Probe {
  return {
    exec: { command: script(READY_SCRIPT, clientPort) },
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 2,
  };
}

/** A JVM start and a snapshot load take a while: up to five minutes before liveness applies. */
export function startupProbe(clientPort: number): V1Probe {
  return {
    exec: { command: script(LIVE_SCRIPT, clientPort) },
    periodSeconds: 2,
    timeoutSeconds: 5,
    failureThreshold: 150,
  };
}

/** Restart a member only when it has not answered for a minute. */
export function livenessProbe(clientPort: number): V1Probe {
  return {
    exec: { command: script(LIVE_SCRIPT, clientPort) },
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 6,
  };
}
