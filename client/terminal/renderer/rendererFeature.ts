// The page's Renderer setting as a tab feature: the tab's terminal follows it, and the bar says what it draws with.
import type { TabContext, TabEvent, TabFeature } from '../../tabFeatures/tabFeature.js';
import type { Disposable } from '../../util/disposable.js';
import type { RendererKind, RendererSetting } from './rendererChoice.js';
import { RendererControl } from './rendererControl.js';
import { rendererPreference } from './rendererPreference.js';

/** The part of a terminal view that picks its renderer. */
export interface RendererSwitch {
  readonly renderer: RendererKind;
  setRenderer(setting: RendererSetting): void;
}

export class RendererFeature implements TabFeature {
  private readonly control: RendererControl;
  private readonly choice: Disposable;

  constructor(tab: TabContext, private readonly view: RendererSwitch) {
    this.control = new RendererControl(tab.bar, rendererPreference());
    this.control.render(view.renderer);
    this.choice = rendererPreference().onChange((setting) => {
      view.setRenderer(setting);
      this.control.render(view.renderer);
    });
  }

  onEvent(event: TabEvent): void {
    // A tab coming to the front may draw with WebGL again (the background gives its context back).
    if (event.kind === 'shown') this.control.render(this.view.renderer);
  }

  dispose(): void {
    this.choice.dispose();
    this.control.dispose();
  }
}
