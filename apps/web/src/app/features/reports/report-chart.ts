import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterRenderEffect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { toChartConfig, type ChartSpec } from './report-charts';

// Only what these charts use, so the reports chunk stays small.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);
// The page's own type, large and dark enough to read against the NHS.UK background.
Chart.defaults.font.family = 'Arial, sans-serif';
Chart.defaults.font.size = 14;
Chart.defaults.color = '#212b32';

/**
 * A chart drawn by chart.js. To assistive technology it is one image whose name sums up what it
 * shows; the table next to it carries every figure. Chart.js sizes the canvas through the style
 * object (allowed by the strict Content Security Policy, unlike style attributes).
 */
@Component({
  selector: 'app-report-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="app-report-chart">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
  `,
})
export class ReportChart {
  readonly spec = input.required<ChartSpec>();
  /** The chart in words, as its accessible name. */
  readonly summary = input.required<string>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar' | 'line'> | null = null;
  private kind: ChartSpec['kind'] | null = null;

  constructor() {
    afterRenderEffect(() => {
      const spec = this.spec();
      const config = toChartConfig(spec);
      if (this.chart && this.kind === spec.kind) {
        this.chart.data = config.data;
        this.chart.options = config.options ?? {};
        this.chart.update();
        return;
      }
      this.chart?.destroy();
      this.chart = new Chart(this.canvas().nativeElement, config);
      this.kind = spec.kind;
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }
}
