"""kazoo, a ZooKeeper client nobody here wrote, writing and reading znode trees for the backup tests.
Usage:
  python kazoo-tree.py write HOSTS ROOT COUNT SEED   creates COUNT znodes under ROOT: a deep chain,
      binary data of every byte value, digest and read-only ACLs; prints nothing
  python kazoo-tree.py dump HOSTS ROOT AUTH          prints every znode under ROOT as JSON lines
      (path, data in hex, ACLs), sorted by path; AUTH is user:password for addauth digest"""
import json
import random
import sys

from kazoo.client import KazooClient
from kazoo.security import ACL, Id, make_digest_acl_credential

command, hosts, root = sys.argv[1:4]
zk = KazooClient(hosts=hosts, timeout=30)
zk.start(timeout=30)

if command == "write":
    count, seed = int(sys.argv[4]), int(sys.argv[5])
    rnd = random.Random(seed)
    app_digest = make_digest_acl_credential("app", "app-secret")
    acls = [
        None,
        [ACL(31, Id("digest", app_digest)), ACL(1, Id("world", "anyone"))],
        [ACL(1, Id("world", "anyone")), ACL(31, Id("digest", app_digest))],
    ]
    zk.add_auth("digest", "app:app-secret")
    zk.ensure_path(root)
    made = [root]
    # A chain 40 deep, then the rest under random earlier znodes.
    for depth in range(40):
        path = f"{made[-1]}/d{depth}"
        zk.create(path, bytes([depth, 0, 255]))
        made.append(path)
    for i in range(count - 40):
        parent = rnd.choice(made)
        size = rnd.choice([0, 1, 17, 256, 4000])
        data = bytes(rnd.randrange(256) for _ in range(size))
        path = f"{parent}/n{i}"
        zk.create(path, data, acl=acls[i % 3])
        made.append(path)
    # An ephemeral znode is not data a backup keeps; it must not come back.
    zk.create(f"{root}/ephemeral", b"x", ephemeral=True)
elif command == "dump":
    user, password = sys.argv[4].split(":", 1)
    zk.add_auth("digest", f"{user}:{password}")
    out = []
    stack = [root]
    while stack:
        path = stack.pop()
        data, stat = zk.get(path)
        if stat.ephemeralOwner != 0:
            continue
        acl, _ = zk.get_acls(path)
        out.append({
            "path": path,
            "data": data.hex(),
            "acl": sorted([[a.perms, a.id.scheme, a.id.id] for a in acl]),
        })
        stack.extend(f"{path}/{c}" for c in zk.get_children(path))
    for record in sorted(out, key=lambda r: r["path"]):
        print(json.dumps(record))
zk.stop()
