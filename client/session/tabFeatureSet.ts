// The features every terminal tab has, built in this order: their controls sit in the tab's bar in this order too.
import { HalfDuplexFeature } from '../halfDuplex/halfDuplexFeature.js';
import { LatencyFeature } from '../latency/latencyFeature.js';
import { PredictiveEchoFeature } from '../predictiveEcho/predictiveEchoFeature.js';
import { RendererFeature, type RendererSwitch } from '../terminal/renderer/rendererFeature.js';
import { SearchFeature } from '../terminal/searchFeature.js';
import { BroadcastFeature, type BroadcastLink } from '../broadcast/broadcastFeature.js';
import { FilesFeature } from '../files/filesFeature.js';
import type { TabContext } from '../tabFeatures/tabFeature.js';
import type { TabFeatures } from '../tabFeatures/tabFeatures.js';
import type { TerminalSessionOptions } from './sessionOptions.js';

/** The built-in features the tab itself reports on (window.longhaul, the tab strip). */
export interface BuiltInFeatures {
  readonly halfDuplex: HalfDuplexFeature;
  readonly latency: LatencyFeature;
  readonly prediction: PredictiveEchoFeature;
  readonly search: SearchFeature;
}

export function addBuiltInFeatures(
  features: TabFeatures,
  tab: TabContext,
  view: RendererSwitch,
  options: TerminalSessionOptions,
  broadcast?: BroadcastLink,
): BuiltInFeatures {
  const halfDuplex = features.add(
    new HalfDuplexFeature(tab, { on: options.halfDuplex, comingBackTo: options.resume?.sessionId ?? options.history?.liveSessionId }),
  );
  const latency = features.add(new LatencyFeature(tab));
  // Its keystroke → echo times feed the latency overlay.
  const onEchoTime = (ms: number) => latency.recordKeystrokeEcho(ms);
  const prediction = features.add(new PredictiveEchoFeature(tab, { preference: options.predictiveEcho ?? 'auto', onEchoTime }));
  const search = features.add(new SearchFeature(tab));
  features.add(new RendererFeature(tab, view));
  features.add(new FilesFeature(tab));
  // Its input part is asked first of all (order 0), whatever the order here; its toggle goes last in the bar.
  if (broadcast) features.add(new BroadcastFeature(tab, broadcast));
  return { halfDuplex, latency, prediction, search };
}
