import type { Locator, Page } from 'playwright-core';

/** Drives the flow editor's canvas like a user: palette drags, handle-to-handle wiring, node selection. */
export class CanvasDriver {
  constructor(private readonly page: Page) {}

  /** A node card by its type (the built flow has one node of each type). */
  node(type: string): Locator {
    return this.page.locator(`[data-testid=canvas-node][data-node-type="${type}"]`);
  }

  nodes(): Locator {
    return this.page.getByTestId('canvas-node');
  }

  /** Drags a palette entry onto the canvas at (x, y) relative to the canvas pane. */
  async dragFromPalette(
    entry: { type: string; system?: string; entity?: string },
    at: { x: number; y: number },
  ): Promise<void> {
    const selector = [
      '[data-testid=palette-item]',
      `[data-node-type="${entry.type}"]`,
      entry.system ? `[data-system="${entry.system}"]` : '',
      entry.entity ? `[data-entity="${entry.entity}"]` : '',
    ].join('');
    const before = await this.nodes().count();
    await this.page.locator(selector).dragTo(this.page.locator('.react-flow__pane'), { targetPosition: at });
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=canvas-node]').length > n,
      before,
    );
  }

  /** Drags from one node's output handle to another's input handle with the mouse. */
  async wire(fromType: string, toType: string): Promise<void> {
    const before = await this.edgeCount();
    const from = await this.node(fromType).locator('.react-flow__handle.source').boundingBox();
    const to = await this.node(toType).locator('.react-flow__handle.target').boundingBox();
    if (!from || !to) throw new Error(`no handles to wire ${fromType} → ${toType}`);
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 2 - 20, to.y + to.height / 2, { steps: 8 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 4 });
    await this.page.mouse.up();
    await this.page.waitForTimeout(50);
    if ((await this.edgeCount()) === before && (await this.page.getByTestId('edge-refusal').count()) === 0)
      throw new Error(
        `wiring ${fromType} → ${toType} made no edge (from ${JSON.stringify(from)} to ${JSON.stringify(to)})`,
      );
  }

  /** Selects one node by clicking its title. */
  async select(type: string): Promise<Locator> {
    await this.node(type).locator('.node-card-title').click();
    const inspector = this.page.getByTestId('inspector');
    await this.page.waitForFunction(
      (t) => document.querySelector('[data-testid=inspector]')?.className.includes(`inspector-${t}`),
      type,
    );
    return inspector;
  }

  /** Clicks an empty spot of the canvas (clears the selection). */
  async clickPane(): Promise<void> {
    const box = await this.page.locator('.react-flow__pane').boundingBox();
    if (!box) throw new Error('no canvas');
    await this.page.mouse.click(box.x + box.width - 30, box.y + box.height - 160);
  }

  /** A target field of the mapper editor (the mapper must be selected). */
  mapperTarget(path: string): Locator {
    return this.page.locator(`[data-testid=mapper-target][data-path="${path}"]`);
  }

  /**
   * Replaces the text of the Monaco editor inside `scope` by pasting `text` through the system clipboard, as a
   * user pasting a long expression would (typing it would fight Monaco's auto-closing brackets and quotes).
   * The page's context needs the clipboard-read and clipboard-write permissions.
   */
  async pasteIntoExpression(scope: Locator, text: string): Promise<void> {
    await scope.locator('.monaco-editor').waitFor();
    await scope.locator('.monaco-editor .view-lines').click();
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Control+V');
  }

  /**
   * The text Monaco draws inside `scope`, its view lines in screen order (the DOM keeps them in any order once
   * the editor scrolls). An editor scrolled to its end shows only the lines in view.
   */
  async shownExpression(scope: Locator): Promise<string> {
    const lines = await scope.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return lines.join('').replace(/\u00a0/g, ' ');
  }

  edgeCount(): Promise<number> {
    return this.page.locator('.react-flow__edge').count();
  }
}

/** Waits until the editor says the flow is saved. */
export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-state][data-status=saved]').waitFor();
}
