// One tab's features in the order they were added: offers them typed input by their declared order, shows them output and events, disposes them with the tab.
import type { Disposable } from '../util/disposable.js';
import type { TabEvent, TabFeature, TabMessage, TypedInputHandler } from './tabFeature.js';

/** A feature's class, to find the tab's instance of it. */
export type FeatureType<T extends TabFeature> = abstract new (...args: never[]) => T;

export class TabFeatures implements Disposable {
  private readonly features: TabFeature[] = [];
  /** Input handlers by order; equal orders keep the order their features were added in. */
  private handlers: TypedInputHandler[] = [];
  private disposed = false;

  add<T extends TabFeature>(feature: T): T {
    if (this.disposed) {
      feature.dispose();
      return feature;
    }
    this.features.push(feature);
    if (feature.input) this.handlers = [...this.handlers, feature.input].sort((a, b) => a.order - b.order);
    return feature;
  }

  /** The tab's feature of this class, if it has one. */
  get<T extends TabFeature>(type: FeatureType<T>): T | undefined {
    return this.features.find((feature): feature is T => feature instanceof type);
  }

  /** The names features answer to in `window.longhaul.feature(name)`, in the order they were added. */
  reportNames(): string[] {
    return this.features.flatMap((feature) => (feature.automation ? [feature.automation.name] : []));
  }

  /** What the feature that answers to `name` reports now; undefined when no feature of the tab does. */
  report(name: string): unknown {
    const feature = this.features.find((candidate) => candidate.automation?.name === name);
    return feature?.automation?.report();
  }

  /** A typed string: true when a feature took it; otherwise every feature has been told it goes to the host. */
  typed(data: string): boolean {
    for (const handler of this.handlers) if (handler.take?.(data)) return true;
    for (const handler of this.handlers) handler.toHost?.(data);
    return false;
  }

  beforeOutput(bytes: Uint8Array): void {
    for (const feature of this.features) feature.beforeOutput?.(bytes);
  }

  afterOutput(): void {
    for (const feature of this.features) feature.afterOutput?.();
  }

  event(event: TabEvent): void {
    for (const feature of this.features) feature.onEvent?.(event);
  }

  message(message: TabMessage): void {
    for (const feature of this.features) feature.onMessage?.(message);
  }

  /** With the tab: each feature once, in the order they were added. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const feature of this.features.splice(0)) feature.dispose();
    this.handlers = [];
  }
}
