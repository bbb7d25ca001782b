// Deployment settings of the mini-program (one place).

/** CloudBase environment id; replace with the real env id before uploading. */
export const CLOUD_ENV = 'yue-points-prod';

/** Subscribe-message template the patron consents to at event sign-up (the reminder the day
 * before); must match YUE_REMINDER_TEMPLATE_ID of the functions. Replace before uploading. */
export const EVENT_REMINDER_TEMPLATE_ID = 'event-reminder-template';

/** Subscribe-message template for review outcomes (荐购 and 捐赠 results), asked for when the patron
 * submits; must match YUE_SUBSCRIBE_TEMPLATE_ID of the functions. Replace before uploading. */
export const REVIEW_RESULT_TEMPLATE_ID = 'review-result-template';
