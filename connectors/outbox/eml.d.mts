import type Mail from 'nodemailer/lib/mailer/index.js';

/** `mail` as the bytes of an .eml file, as the SMTP connector would send it (CR LF line ends). */
export function composeEml(mail: Mail.Options): Promise<Buffer>;

/** `buffer` with every bare line feed turned into CR LF. */
export function windowsNewlines(buffer: Buffer): Buffer;
