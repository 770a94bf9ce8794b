/**
 * Wraps the app's email connector so a test sees every message the app sends (and it still goes out).
 */
import type { Connectors, EmailMessage } from '../../connectors/types.ts';

export interface SentEmail {
  message: EmailMessage;
  key: string;
}

export function recordingEmail(sent: SentEmail[]): (defaults: Connectors) => Connectors {
  return (defaults) => ({
    ...defaults,
    email: {
      kind: defaults.email.kind,
      send: async (message, key) => {
        sent.push({ message, key });
        return defaults.email.send(message, key);
      },
    },
  });
}
