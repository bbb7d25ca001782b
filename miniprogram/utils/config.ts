// Deployment settings of the mini-program (one place).

/** CloudBase environment id; replace with the real env id before uploading. */
export const CLOUD_ENV = 'yue-points-prod';

/** Subscribe-message template the patron consents to at event sign-up (the reminder the day
 * before); must match the template the functions send with. Replace before uploading. */
export const EVENT_REMINDER_TEMPLATE_ID = 'event-reminder-template';
