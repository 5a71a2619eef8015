/** A throwaway certificate for tests, made with the openssl command line (as a school would make its own). */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** base64 SHA-256 of the public key (SPKI), for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
  remove(): void;
}

export function makeCertificate(names: readonly string[] = ['arena.test', 'localhost']): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-cert-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const san = [...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`], { stdio: 'ignore' });
  const cert = fs.readFileSync(certFile);
  const key = fs.readFileSync(keyFile);
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, cert, key, spki: createHash('sha256').update(der).digest('base64'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
