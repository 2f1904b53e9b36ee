/** Private keys: EC P-256, kept as unencrypted PKCS#8 PEM (what ZooKeeper's PEM reader, openssl and Python load). */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export function newPrivateKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
}

export const privateKeyPem = (key: KeyObject): string =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

export const readPrivateKey = (pem: string): KeyObject => createPrivateKey(pem);

export const publicKeyOf = (key: KeyObject): KeyObject => createPublicKey(key);
