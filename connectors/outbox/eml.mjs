/**
 * An email as the bytes of an .eml file, composed by nodemailer exactly as the SMTP connector sends it.
 * Plain JavaScript (types in eml.d.mts) because the outbox writer thread runs it without a TypeScript
 * loader: with tsx registered, the thread cost about 20 MiB more (see writer-thread.mjs).
 *
 * The MIME is built by nodemailer's own MailComposer, which is what `sendMail` on a stream transport
 * ({ streamTransport: true, buffer: true, newline: 'windows' }) runs too, without the transport's plugin
 * pass (none is registered; data URLs are not inlined unless asked), its logging and its extra stream
 * for line endings (applied to the built message instead): the same bytes at about half the cost.
 */
import MailComposer from 'nodemailer/lib/mail-composer';

/** @param {import('nodemailer/lib/mailer/index.js').Options} mail */
export async function composeEml(mail) {
  const node = new MailComposer(mail).compile();
  // As the stream transport does: a written-out message keeps every header it was given.
  node.keepBcc = true;
  return windowsNewlines(await node.build());
}

/**
 * `buffer` with every line feed not preceded by a carriage return turned into CR LF: what nodemailer's
 * `newline: 'windows'` stream transform (LeWindows) does, over the whole message at once.
 * @param {Buffer} buffer
 */
export function windowsNewlines(buffer) {
  let bare = 0;
  for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) if (i === 0 || buffer[i - 1] !== 0x0d) bare++;
  if (bare === 0) return buffer;
  const out = Buffer.allocUnsafe(buffer.length + bare);
  let at = 0;
  let from = 0;
  for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) {
    if (i > 0 && buffer[i - 1] === 0x0d) continue;
    at += buffer.copy(out, at, from, i);
    out[at++] = 0x0d;
    out[at++] = 0x0a;
    from = i + 1;
  }
  buffer.copy(out, at, from);
  return out;
}
