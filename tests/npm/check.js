// Checks what gtest-webhook sent with the platforms' own libraries.
//   node check.js teams|discord FILE                 the message body in FILE
//   node check.js signature FILE ID TIMESTAMP SIGNATURES SECRET
//   node check.js markdown FILE                      prints FILE rendered as HTML
// Exits 0 when the library accepts it, 1 (saying why) when it does not.
'use strict';
const fs = require('fs');

function fail(why) {
  console.error(why);
  process.exit(1);
}

function checkTeams(message) {
  const AC = require('adaptivecards');
  if (message.type !== 'message' || message.attachments.length !== 1) fail('not one attachment');
  const attachment = message.attachments[0];
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') fail('not a card');
  const context = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(attachment.content, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  const results = card.validateProperties();
  for (const event of results.validationEvents) problems.push(event.message);
  if (problems.length > 0) fail('adaptivecards: ' + problems.join('; '));
  console.log('card elements: ' + card.getItemCount());
}

function checkDiscord(message) {
  const { EmbedBuilder, embedLength } = require('@discordjs/builders');
  if (typeof message.content !== 'string' || [...message.content].length > 2000) {
    fail('content longer than 2000');
  }
  if (message.embeds.length > 10) fail('more than 10 embeds');
  let total = 0;
  for (const embed of message.embeds) {
    // The builder's setters validate each of Discord's limits and throw past one.
    const built = new EmbedBuilder().setTitle(embed.title).setDescription(embed.description)
        .setColor(embed.color);
    if (embed.url) built.setURL(embed.url);
    if (embed.fields) built.addFields(...embed.fields);
    if (embed.footer) built.setFooter({ text: embed.footer.text });
    const length = embedLength(built.toJSON());
    if (length > 6000) fail('embed of ' + length + ' characters');
    total += length;
  }
  if (total > 6000) fail('embeds of ' + total + ' characters together');
  console.log('embed characters: ' + total);
}

function checkSignature(body, id, timestamp, signatures, secret) {
  const { Webhook } = require('standardwebhooks');
  try {
    new Webhook(secret).verify(body, {
      'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures });
  } catch (error) {
    fail('standardwebhooks: ' + error.message);
  }
  console.log('verified');
}

// Renders a job summary as a CommonMark renderer with GitHub's tables does (markdown-it), with
// raw HTML on as GitHub allows it: whatever the summary failed to escape shows up as a tag.
function checkMarkdown(text) {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > 1024 * 1024) fail('Markdown of ' + size + " bytes, more than GitHub's 1 MiB");
  const MarkdownIt = require('markdown-it');
  process.stdout.write(new MarkdownIt({ html: true }).render(text));
}

const [what, file, ...rest] = process.argv.slice(2);
const body = fs.readFileSync(file, 'utf8');
try {
  if (what === 'teams') checkTeams(JSON.parse(body));
  else if (what === 'discord') checkDiscord(JSON.parse(body));
  else if (what === 'signature') checkSignature(body, ...rest);
  else if (what === 'markdown') checkMarkdown(body);
  else fail('unknown check ' + what);
} catch (error) {
  fail(what + ': ' + error.message);
}
