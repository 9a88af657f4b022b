export * from './fake-bot-api.ts';
export * from './mime.ts';
export * from './request-body.ts';
export * from './simulated-user.ts';
