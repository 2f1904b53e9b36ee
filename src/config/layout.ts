/** What the renderer needs to know about the ensemble and about the member it renders for. */

export type ServerRole = 'participant' | 'observer';

/** One `server.N` line of the dynamic config. */
export interface ServerEntry {
  readonly id: number;
  /** Address other members reach this one at (quorum and election). */
  readonly host: string;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly clientPort: number;
  /** Address this member's client port binds to; defaults to `host`. `0.0.0.0` binds every interface. */
  readonly clientAddress?: string;
  readonly role: ServerRole;
}

export interface MemberPaths {
  /** Where zoo.cfg and the logging config live. */
  readonly confDir: string;
  readonly dataDir: string;
  /** Same as dataDir when the transaction log shares the data volume. */
  readonly dataLogDir: string;
  readonly dynamicConfigFile: string;
  readonly logDir: string;
}

/** Where a member's certificate files are, and its secure client port. */
export interface MemberTlsFiles {
  /** The member's private key and certificate chain in one PEM file. */
  readonly keyStore: string;
  /** The CA certificate(s) it trusts, PEM. */
  readonly trustStore: string;
  readonly secureClientPort: number;
}

/** The member being rendered: its own paths and the ports that are not part of the dynamic config. */
export interface MemberSelf {
  readonly id: number;
  readonly paths: MemberPaths;
  readonly adminPort: number;
  readonly metricsPort: number;
  /** Address the AdminServer and the metrics endpoint bind to. */
  readonly bindAddress: string;
  /** Bind quorum and election ports on every interface (Kubernetes, where a pod's own name may not resolve yet). */
  readonly quorumListenOnAllIPs: boolean;
  /** Needed when the member uses TLS. */
  readonly tls?: MemberTlsFiles;
  /**
   * A peer that connects to this member comes from an address whose reverse DNS name its
   * certificate carries (locally 127.0.0.1). A pod's address has no such name on Kubernetes: there
   * only the name of a peer the member dials is checked, or (on releases without the separate
   * switch) no name at all, and the ensemble's CA alone says who is a member. Default true.
   */
  readonly peerAddressesNamed?: boolean;
  /** Where its JAAS file is; needed when it authenticates with SASL. */
  readonly jaasFile?: string;
}
