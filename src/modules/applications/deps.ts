// What the candidate-facing and hiring modules share from the app: the database, outgoing mail,
// uploaded files, the key for signed candidate links, the taxonomy and the public URL.
import type { Db } from '../../db/client.ts';
import type { FileStorage } from '../files/storage.ts';
import type { MailSender } from '../notifications/send.ts';
import type { Taxonomy } from '../skills/taxonomy.ts';

export interface HiringDeps {
  db: Db;
  mail: MailSender;
  storage: FileStorage;
  taxonomy: Taxonomy;
  publicUrl: string;
  /** The HMAC key of signed candidate links (status pages). */
  linkKey: () => Promise<Buffer>;
}
