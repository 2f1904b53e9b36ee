/**
 * An ensemble's certificates on disk: the CA and the client certificate under `<ensemble>/tls/`,
 * each member's key store (key and chain) and trust store (the CA) under `members/<id>/tls/`. Keys
 * are readable by the owner only. Every file is replaced atomically (written beside, renamed over):
 * ZooKeeper's reload watches the directory and reacts to an event naming the store file itself.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyAndCertificate } from '../../../pki/index.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';

const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/;

export function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The first certificate of a PEM file (a key store's own certificate comes before its CA's). */
export function firstCertificate(pem: string | undefined): string | undefined {
  return pem === undefined ? undefined : CERTIFICATE_BLOCK.exec(pem)?.[0];
}

/** A private directory for key material. */
function ensurePrivateDir(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

export function writeKeyFile(file: string, text: string): void {
  ensurePrivateDir(file);
  writeFileAtomic(file, text, KEY_MODE);
}

/** Writes a certificate file unless it holds `text` already (an unchanged trust store triggers no reload). */
export function writeCertificateFile(file: string, text: string): void {
  if (readText(file) === text) return;
  ensurePrivateDir(file);
  writeFileAtomic(file, text, CERT_MODE);
}

export function readPair(certFile: string, keyFile: string): KeyAndCertificate | undefined {
  const certificate = readText(certFile);
  const privateKey = readText(keyFile);
  return certificate === undefined || privateKey === undefined ? undefined : { certificate, privateKey };
}

export function writePair(certFile: string, keyFile: string, pair: KeyAndCertificate): void {
  writeKeyFile(keyFile, pair.privateKey);
  writeCertificateFile(certFile, pair.certificate);
}
