import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestPki } from './pki.js';

/** Where the demo's mutual-TLS files live, and their PEM contents. */
export interface DevMtls {
  /** The files: the CA, dev-as's server certificate and key, the sample client's certificate and key. */
  files: { ca: string; serverCertificate: string; serverKey: string; clientCertificate: string; clientKey: string };
  ca: string;
  serverCertificate: string;
  serverKey: string;
  /** Subject DN of the client certificate, registered as `tls_client_auth_subject_dn`. */
  clientSubject: string;
}

const DAY = 86_400_000;

function stillValid(pem: string): boolean {
  return Date.parse(new X509Certificate(pem).validTo) - Date.now() > DAY;
}

/**
 * Reads (or creates) a throwaway CA, dev-as's HTTPS certificate for `host` and a client certificate for
 * `clientId` under `<dir>/mtls/`, so dev-as and the sample app started beside it agree. Development only: the CA
 * key is not kept, keys are unencrypted, and everything is re-issued once a certificate is within a day of expiry.
 */
export async function loadOrCreateDevMtls(dir: string, clientId: string, host = '127.0.0.1'): Promise<DevMtls> {
  const base = join(dir, 'mtls');
  const files = {
    ca: join(base, 'ca.pem'),
    serverCertificate: join(base, 'server.pem'),
    serverKey: join(base, 'server.key'),
    clientCertificate: join(base, 'client.pem'),
    clientKey: join(base, 'client.key'),
  };
  const clientSubject = `CN=${clientId}`;
  try {
    const [ca, serverCertificate, serverKey, clientCertificate] = await Promise.all(
      [files.ca, files.serverCertificate, files.serverKey, files.clientCertificate].map((f) => readFile(f, 'utf8')),
    );
    const subject = new X509Certificate(clientCertificate!).subject.split('\n').join(',');
    if ([ca!, serverCertificate!, clientCertificate!].every(stillValid) && subject === clientSubject)
      return { files, ca: ca!, serverCertificate: serverCertificate!, serverKey: serverKey!, clientSubject };
  } catch {
    // Missing or unreadable: create them below.
  }
  const pki = await createTestPki('CN=Signet dev CA', 30);
  const server = await pki.issue({
    subject: `CN=${host}`,
    ...(/^[\d.]+$/.test(host) ? { ip: [host] } : { dns: [host] }),
    usage: 'server',
    notAfter: new Date(Date.now() + 29 * DAY),
  });
  const client = await pki.issue({ subject: clientSubject, notAfter: new Date(Date.now() + 29 * DAY) });
  await mkdir(base, { recursive: true });
  await writeFile(files.ca, pki.ca);
  await writeFile(files.serverCertificate, server.certificate);
  await writeFile(files.serverKey, server.key, { mode: 0o600 });
  await writeFile(files.clientCertificate, client.certificate);
  await writeFile(files.clientKey, client.key, { mode: 0o600 });
  return { files, ca: pki.ca, serverCertificate: server.certificate, serverKey: server.key, clientSubject };
}
