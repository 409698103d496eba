// Run by scripts/browser_check.sh: headless Chromium opens a notebook in JupyterLab, runs all
// its cells from the Run menu, checks what the page shows and takes a screenshot.
//   node browser_check.js URL SCREENSHOT.png PROFILE_DIR
const { chromium } = require("playwright-core");

const [url, shot, profile] = process.argv.slice(2);
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function check(name, ok, detail) {
  console.log(`${ok ? "ok  " : "FAIL"}  ${name}${detail ? ": " + detail : ""}`);
  if (!ok) process.exitCode = 1;
}

(async () => {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, args: FLAGS,
    viewport: { width: 1000, height: 1500 },
  });
  const page = context.pages()[0] || await context.newPage();
  try {
    await page.goto(url);
    await page.waitForSelector(".jp-NotebookPanel .jp-Cell", { timeout: 90000 });
    // the kernel is up when the toolbar's status says Idle
    await page.waitForFunction(() => {
      const status = document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator");
      return status && status.getAttribute("data-status") === "idle";
    }, null, { timeout: 90000 });
    await page.waitForFunction(() => {
      const name = document.querySelector(".jp-NotebookPanel .jp-KernelName");
      return name && name.textContent.includes("ndsh");
    }, null, { timeout: 30000 }).catch(() => {});
    const kernelName = await page.textContent(".jp-NotebookPanel .jp-KernelName");
    check("the notebook runs on the ndsh kernel", kernelName.includes("ndsh (MXNet API)"),
      kernelName.trim());
    await page.click(".jp-NotebookPanel .jp-Cell");
    await page.keyboard.press("Control+b");           // the file browser out of the way

    await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
    await page.click('.lm-Menu-itemLabel:text-is("Run All Cells")');
    // every code cell has run (the last one fails on purpose: shapes that cannot broadcast)
    await page.waitForFunction(() => {
      const prompts = [...document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")];
      return prompts.length >= 5 && prompts.every((p) => /\[\d+\]/.test(p.textContent));
    }, null, { timeout: 120000 });
    await page.waitForTimeout(1500);
    await page.evaluate(() => {
      const notebook = document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer");
      if (notebook) notebook.scrollTop = 0;
    });

    const outputs = await page.$$eval(".jp-CodeCell .jp-OutputArea-output",
      (nodes) => nodes.map((n) => n.innerText));
    const text = outputs.join("\n");
    check("an NDArray shows as the HTML view", text.includes("NDArray 3x4 float32 @cpu(0)"));
    check("with MXNet's printed text", text.includes("<NDArray 3x4 @cpu(0)>"));
    check("a heatmap is drawn", (await page.$$(".jp-OutputArea-output svg rect")).length >= 12);
    check("print goes to the cell's output", text.includes("dy/dx:"));
    check("ndsh.graph(y) renders as HTML", (await page.$$("pre.ndsh-graph")).length === 1);
    check("the matplotlib figure shows inline",
      (await page.$$(".jp-OutputArea-output img[src^='data:image/png']")).length === 1);
    check("ndsh.progress is one display, updated to its end",
      (await page.$$(".ndsh-progress progress[value='20'][max='20']")).length === 1 &&
      text.includes("train epoch 2/2: 20 batches"));
    check("the error names the cell and its line", /Cell In\[\d+\], line 1/.test(text));
    check("the error keeps its type", text.includes("ValueError: add: shapes (3, 4) and (5,)"));
    await page.screenshot({ path: shot });
    console.log(`screenshot written: ${shot}`);
  } catch (error) {
    await page.screenshot({ path: shot.replace(/\.png$/, "") + "-failed.png" });
    throw error;
  } finally {
    await context.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
