/** Ids and ports of local members: every member on 127.0.0.1 with its own free ports. */
import { freePorts } from '../process/ports.ts';
import type { MemberKind, MemberPorts, MemberRecord } from './state.ts';

export const LOCAL_HOST = '127.0.0.1';
const PORTS_PER_MEMBER = 6;

function portsAt(ports: readonly number[], index: number): MemberPorts {
  const [client, quorum, election, admin, metrics, secureClient] = ports.slice(index * PORTS_PER_MEMBER);
  if (
    secureClient === undefined ||
    metrics === undefined ||
    client === undefined ||
    quorum === undefined ||
    election === undefined ||
    admin === undefined
  ) {
    throw new Error('port allocation returned too few ports');
  }
  return { client, quorum, election, admin, metrics, secureClient };
}

/** Participants get ids 1..replicas, observers the ids after them. */
export async function allocateMembers(replicas: number, observers: number): Promise<MemberRecord[]> {
  const total = replicas + observers;
  const ports = await freePorts(total * PORTS_PER_MEMBER, LOCAL_HOST);
  return Array.from({ length: total }, (_, index) => ({
    id: index + 1,
    kind: index < replicas ? 'participant' : 'observer',
    host: LOCAL_HOST,
    ports: portsAt(ports, index),
  }));
}

/** A member joining an ensemble that exists. */
export async function allocateMember(id: number, kind: MemberKind): Promise<MemberRecord> {
  const ports = await freePorts(PORTS_PER_MEMBER, LOCAL_HOST);
  return { id, kind, host: LOCAL_HOST, ports: portsAt(ports, 0) };
}

/** A member recorded before it had a secure client port, given one. */
export async function withSecureClientPort(member: MemberRecord): Promise<MemberRecord> {
  if (member.ports.secureClient !== undefined) return member;
  const [secureClient] = await freePorts(1, member.host);
  return { ...member, ports: { ...member.ports, secureClient } };
}
