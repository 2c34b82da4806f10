import type { Config } from '../../config';
import type { Logger } from '../../config/logger';
import { consoleOutbox, smtpChannel, twilioChannel, type NotificationChannels } from './channels';

export * from './channels';
export * from './sendNotification';

/**
 * The channels `PX_NOTIFY_MODE` asks for. `console` sends everything, email included, to the
 * outbox file. `twilio` sends SMS (and WhatsApp when its sender is set) through Twilio and email
 * through `SMTP_URL`; a channel left unconfigured is absent, so sending on it fails without retry.
 */
export function createNotificationChannels(config: Pick<Config, 'dataDir' | 'notify'>, log: Logger): NotificationChannels {
  const { notify } = config;
  if (notify.mode === 'console') {
    const outbox = consoleOutbox(config.dataDir, log);
    return { sms: outbox, whatsapp: outbox, email: outbox };
  }
  if (!notify.twilio) throw new Error('PX_NOTIFY_MODE=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_SMS');
  const twilio = twilioChannel(notify.twilio);
  const channels: NotificationChannels = { sms: twilio };
  if (notify.twilio.fromWhatsapp) channels.whatsapp = twilio;
  else log.warn('TWILIO_FROM_WHATSAPP is not set: no WhatsApp channel');
  if (notify.smtpUrl) channels.email = smtpChannel(notify.smtpUrl, notify.mailFrom);
  else log.warn('SMTP_URL is not set: no email channel');
  return channels;
}
