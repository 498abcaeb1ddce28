// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Checks what gtest-webhook sent with the platforms' own libraries.
//   node check.js teams|discord FILE                 the message body in FILE
//   node check.js signature FILE ID TIMESTAMP SIGNATURES SECRET
//   node check.js markdown FILE                      prints FILE rendered as HTML
//   node check.js pages FILE PAGE...                 opens each HTML PAGE in Debian's Chromium
//                                                    (one browser for all), writes what it saw
//                                                    to FILE as JSON
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

// How many pixels of a PNG screenshot are not (nearly) white, counted in a blank page of the
// same browser: 0 for a page that rendered nothing.
async function inkPixels(browser, png) {
  const page = await browser.newPage();
  try {
    await page.setContent('<canvas id="c"></canvas>');
    return await page.evaluate(async (data) => {
      const image = new Image();
      image.src = 'data:image/png;base64,' + data;
      await image.decode();
      const canvas = document.getElementById('c');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let ink = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) ink++;
      }
      return ink;
    }, Buffer.from(png).toString('base64'));
  } finally {
    await page.close();
  }
}

// What the page shows, read from the rendered DOM.
function readPage() {
  const texts = (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
  return {
    title: document.title,
    h1: texts('h1'),
    verdict: texts('.verdict'),
    counts: texts('.counts li'),
    failures: document.querySelectorAll('article.failure').length,
    failureHeadings: texts('article.failure h3').slice(0, 20),
    failureText: texts('article.failure').slice(0, 20).map((t) => t.slice(0, 2000)),
    links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')).slice(0, 50),
    paragraphs: texts('p'),
    listItems: texts('li'),
    bars: document.querySelectorAll('svg:not(.strip) rect').length,
    barTitles: texts('svg:not(.strip) rect title'),
    slowest: texts('table:not(.strips) tr td:first-child'),
    // The strips of the last outcomes (SPEC §19): each row's test, the squares' classes, and
    // the strip's drawn width.
    strips: [...document.querySelectorAll('table.strips tr')].slice(1).map((row) => ({
      test: row.cells[0].textContent,
      outcomes: [...row.querySelectorAll('svg.strip rect')].map((r) => r.getAttribute('class')),
      width: row.querySelector('svg.strip').getBoundingClientRect().width,
    })),
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img').length,
    bodyText: document.body.innerText.length,
  };
}

async function openPage(browser, path) {
  const page = await browser.newPage();
  const seen = { file: path, console: [], errors: [], requests: [] };
  const url = 'file://' + path;
  page.on('console', (m) => { if (m.type() === 'error') seen.console.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url) seen.requests.push(r.url()); });
  page.on('requestfailed', (r) => { if (r.url() !== url) seen.requests.push(r.url()); });
  await page.setViewport({ width: 1280, height: 900 });
  const start = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  seen.loadMs = Date.now() - start;
  Object.assign(seen, await page.evaluate(readPage));
  seen.ink = await inkPixels(browser, await page.screenshot({ type: 'png' }));
  await page.setViewport({ width: 390, height: 844 });
  seen.phoneOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaType('print');
  seen.printMaxHeight = await page.evaluate(() => {
    const pre = document.querySelector('pre');
    return pre ? getComputedStyle(pre).maxHeight : 'none';
  });
  seen.pdfBytes = (await page.pdf({ format: 'A4' })).length;
  await page.close();
  return seen;
}

async function checkPages(out, pages) {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const results = [];
    for (const path of pages) results.push(await openPage(browser, path));
    fs.writeFileSync(out, JSON.stringify(results));
  } finally {
    await browser.close();
  }
}

const [what, file, ...rest] = process.argv.slice(2);
if (what === 'pages') {
  checkPages(file, rest).catch((error) => fail('pages: ' + error.stack));
  return;
}
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
