// Deployment settings of the mini-program (one place).

/** CloudBase environment id; replace with the real env id before uploading. */
export const CLOUD_ENV = 'yue-points-prod';
