// @ts-check
/**
 * The bare framework app the benchmark compares the bot with: a Bolt app on an ExpressReceiver at
 * POST /slack/events (the same signature check), answering `/cspr` with an ephemeral reply through
 * the response URL, as the bot does, and GET /healthz. No store, no partnerships.
 */
import { createServer } from 'node:http';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';

const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  processBeforeResponse: false,
});
const bolt = new App({
  receiver,
  authorize: async () => ({ botToken: 'xoxb-bare' }),
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
bolt.command('/cspr', async ({ ack, respond, command }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: `You asked: ${command.text}` });
});
const app = express();
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.use(receiver.router);
const server = createServer(app);
server.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, msg: 'bare bolt listening' })}\n`,
  );
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
