using Charta.Core.Liquidation;
using ScottPlot;

namespace Charta.Charts;

/// <summary>
/// Renders a payout curve computed by the core (<see cref="PayoutCurve"/>) as a PNG or SVG chart with ScottPlot. Only
/// drawing lives here: the figures and the breakpoints come from Charta.Core.
/// </summary>
public static class WaterfallChart
{
    public const int Width = 1200;
    public const int Height = 750;

    /// <summary>Writes the chart to <paramref name="path"/>; the extension (.png or .svg) picks the format.</summary>
    public static void Write(PayoutCurve curve, decimal max, string path, bool stacked, string title, int points = 400)
    {
        var plot = Build(curve, max, stacked, title, points);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, Width, Height);
        else plot.SavePng(path, Width, Height);
    }

    public static Plot Build(PayoutCurve curve, decimal max, bool stacked, string title, int points)
    {
        var (exits, perClass) = curve.Sample(max, points);
        var xs = exits.Select(x => (double)x).ToArray();
        var ids = curve.ClassIds;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var baseline = new double[xs.Length];
        for (var c = 0; c < ids.Count; c++)
        {
            var ys = perClass[c].Select(v => (double)v).ToArray();
            if (ys.All(v => v == 0)) continue;
            var label = ids[c] == curve.Model.CommonId ? "Common" : ids[c] == LiquidationModel.OptionsClassId ? "Options and warrants" : $"Series {ids[c]}";
            var color = palette.GetColor(c);
            if (stacked)
            {
                var top = baseline.Zip(ys, (b, y) => b + y).ToArray();
                var fill = plot.Add.FillY(xs, baseline, top);
                fill.FillColor = color.WithAlpha(0.6);
                fill.LineColor = color;
                fill.LegendText = label;
                baseline = top;
            }
            else
            {
                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = color;
                line.LineWidth = 2;
                line.LegendText = label;
            }
        }

        foreach (var group in curve.Breakpoints.Where(b => b.Exit > 0 && b.Exit <= max).GroupBy(b => b.Exit).Take(60))
        {
            var v = plot.Add.VerticalLine((double)group.Key);
            v.Color = Colors.Gray.WithAlpha(0.6);
            v.LinePattern = LinePattern.Dashed;
            v.LineWidth = 1;
        }

        plot.Title(title);
        plot.XLabel("Exit value (US$)");
        plot.YLabel(stacked ? "Cumulative payout (US$)" : "Payout per class (US$)");
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Dollars };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Dollars };
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Axes.SetLimits(0, (double)max, 0, stacked ? (double)max : Math.Max(1, perClass.SelectMany(p => p).Select(v => (double)v).DefaultIfEmpty(1).Max()) * 1.05);
        return plot;
    }

    private static string Dollars(double v)
    {
        var a = Math.Abs(v);
        return a >= 1e9 ? $"${v / 1e9:0.##}B" : a >= 1e6 ? $"${v / 1e6:0.##}M" : a >= 1e3 ? $"${v / 1e3:0.##}K" : $"${v:0.##}";
    }
}
