// Fills an exported Questionnaire in LHC-Forms (headless Chromium, driven by playwright-core) as a person
// would: for each story, click the answers of every question the page shows, then record the items shown,
// a screenshot and the form's QuestionnaireResponse.
// Usage: node lforms_stories.mjs CACHE_DIR WORK_DIR   (WORK_DIR holds questionnaire.json and stories.json;
// results.json and one PNG per story are written there)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [cache, work] = process.argv.slice(2);
const { chromium } = await import(pathToFileURL(path.join(cache, 'playwright-core', 'index.mjs')).href);
const dist = path.join(cache, 'lforms', 'dist', 'lforms');
const questionnaire = JSON.parse(fs.readFileSync(path.join(work, 'questionnaire.json'), 'utf8'));
const stories = JSON.parse(fs.readFileSync(path.join(work, 'stories.json'), 'utf8'));

const page_html = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/webcomponent/styles.css"></head>
<body><h3 id="story"></h3><div id="form"></div>
<script src="/webcomponent/assets/lib/zone.min.js"></script>
<script src="/webcomponent/lhc-forms.js"></script>
<script src="/fhir/R4/lformsFHIR.min.js"></script></body></html>`;
const types = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  if (p === '/') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(page_html); return; }
  const file = path.join(dist, path.normalize(p));
  if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = fs.mkdtempSync(path.join(work, 'profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const questions = questionnaire.item.filter((i) => i.type === 'choice');
const system = questions[0].answerOption[0].valueCoding.system;
const linkIds = new Set(questionnaire.item.map((i) => i.linkId));
const results = [];
const errors = [];
try {
  for (const story of stories) {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${story.id}: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.LForms && window.LForms.Util && window.LForms.Util.addFormToPage);
    await page.evaluate(async ([q, title]) => {
      document.getElementById('story').textContent = title;
      await LForms.Util.addFormToPage(q, 'form', {});
    }, [questionnaire, story.title]);
    await page.waitForSelector('[id^="item-"]');
    const shown = async () => (await page.$$eval('[id^="item-"]', (els) => els.map((e) => e.id)))
      .map((id) => id.slice(5).replace(/\/1$/, '')).filter((id) => linkIds.has(id));
    const answered = [];
    // Go down the form again and again: answering one question may show another.
    for (let changed = true; changed;) {
      changed = false;
      const visible = await shown();
      for (const q of questions) {
        if (!visible.includes(q.linkId) || answered.includes(q.linkId) || !(q.linkId in story.answers)) continue;
        for (const code of story.answers[q.linkId]) {
          await page.click(`[id="${q.linkId}/1|${system}|${code}"]`);
        }
        answered.push(q.linkId);
        await page.waitForTimeout(300); // the form runs its expressions after each change
        changed = true;
        break;
      }
    }
    // Then a change of mind: more clicks on what is shown (a tick again takes a tick away).
    for (const [linkId, code] of story.afterwards || []) {
      await page.click(`[id="${linkId}/1|${system}|${code}"]`);
      await page.waitForTimeout(300);
    }
    const response = await page.evaluate(() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4',
      document.getElementById('form')));
    const screenshot = path.join(work, `${story.id}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    results.push({ id: story.id, shown: await shown(), answered, response, screenshot });
    await page.close();
  }
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify({ results, errors }, null, 1));
