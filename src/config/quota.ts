/**
 * ZooKeeper's quota on a path, as its `setquota -N/-B` (hard limits, 3.7+) writes it: under
 * `/zookeeper/quota<path>` a `zookeeper_limits` znode holds the limits and a `zookeeper_stats` znode
 * the counts ZooKeeper keeps (it recounts the subtree when the stats znode is created). The text is
 * StatsTrack's: `count` and `bytes` first (the soft limits, -1 for none), then `=` and the other keys
 * sorted, each after a `;`. A write past a hard limit fails with QUOTAEXCEEDED only while the members
 * run with `-Dzookeeper.enforceQuota=true`.
 */

export const QUOTA_ROOT = '/zookeeper/quota';
export const ENFORCE_QUOTA_FLAG = '-Dzookeeper.enforceQuota=true';

export interface HardQuota {
  /** Most znodes under the path, the path itself included. */
  readonly nodes?: number;
  /** Most bytes of data under the path. */
  readonly bytes?: number;
}

export interface QuotaPaths {
  /** `/zookeeper/quota<path>`: the znode the two below hang from. */
  readonly node: string;
  readonly limits: string;
  readonly stats: string;
}

export function quotaPaths(path: string): QuotaPaths {
  const node = `${QUOTA_ROOT}${path}`;
  return { node, limits: `${node}/zookeeper_limits`, stats: `${node}/zookeeper_stats` };
}

/** The `zookeeper_limits` text of hard limits (no soft ones): `count=-1,bytes=-1=;byteHardLimit=..;countHardLimit=..`. */
export function quotaLimitsText(quota: HardQuota): string {
  const hard = [
    ...(quota.bytes === undefined ? [] : [`byteHardLimit=${quota.bytes}`]),
    ...(quota.nodes === undefined ? [] : [`countHardLimit=${quota.nodes}`]),
  ];
  return hard.length === 0 ? 'count=-1,bytes=-1' : `count=-1,bytes=-1=;${hard.join(';')}`;
}

/** What the stats znode is created with; ZooKeeper replaces it with the subtree's counts at once. */
export const QUOTA_STATS_TEXT = 'count=0,bytes=0';
