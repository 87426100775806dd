using System.Net;
using System.Text;
using Charta.Charts;
using Charta.Core.Valuation;
using Markdig;
using SkiaSharp;

namespace Charta.Documents;

/// <summary>Writes a valuation report as Markdown (with the chart beside it as PNG), HTML (chart embedded) or PDF.</summary>
public static class ValuationReportWriter
{
    public static readonly string[] Extensions = [".md", ".html", ".pdf"];

    /// <summary>The chart of the report's payout curve, as PNG bytes.</summary>
    public static byte[] ChartPng(ValuationReport r)
    {
        var plot = WaterfallChart.Build(r.Opm.Table.Curve, ReportDocument.ChartMax(r), stacked: false, $"{r.Company}: payout by class at each exit value", 400);
        return plot.GetImageBytes(WaterfallChart.Width, WaterfallChart.Height, ScottPlot.ImageFormat.Png);
    }

    /// <summary>
    /// Writes the report to <paramref name="path"/> (the extension picks the format) and returns the files written.
    /// Each file is written to a temporary name and moved into place, so a failure leaves no partial report.
    /// </summary>
    public static IReadOnlyList<string> Write(ValuationReport r, string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var png = ChartPng(r);
        var blocks = ReportDocument.Build(r, png);
        switch (ext)
        {
            case ".md":
                var chartPath = Path.ChangeExtension(path, null) + "-chart.png";
                var md = Markdown(blocks, Path.GetFileName(chartPath));
                Atomic(chartPath, s => s.Write(png));
                Atomic(path, s => s.Write(Encoding.UTF8.GetBytes(md)));
                return [path, chartPath];
            case ".html":
                Atomic(path, s => s.Write(Encoding.UTF8.GetBytes(Html(blocks, r.Company))));
                return [path];
            case ".pdf":
                Atomic(path, s => Pdf(blocks, s));
                return [path];
            default:
                throw new ArgumentException($"unsupported report extension {ext}", nameof(path));
        }
    }

    private static void Atomic(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var s = File.Create(temp)) write(s);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Markdown with pipe tables; the chart is linked as <paramref name="chartLink"/>.</summary>
    public static string Markdown(IReadOnlyList<Block> blocks, string chartLink)
    {
        var sb = new StringBuilder();
        foreach (var b in blocks)
        {
            switch (b)
            {
                case Heading h:
                    sb.Append('#', h.Level).Append(' ').Append(h.Text).Append("\n\n");
                    break;
                case Paragraph p:
                    sb.Append(p.Text).Append("\n\n");
                    break;
                case Table t:
                    sb.Append("| ").Append(string.Join(" | ", t.Header.Select(Cell))).Append(" |\n");
                    sb.Append('|').Append(string.Join("|", t.Header.Select((_, i) => t.RightAligned.Contains(i) ? "---:" : "---"))).Append("|\n");
                    foreach (var row in t.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                    sb.Append('\n');
                    break;
                case Chart c:
                    sb.Append("![").Append(c.Caption).Append("](").Append(chartLink).Append(")\n\n");
                    break;
            }
        }

        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|");

    /// <summary>HTML from the Markdown by Markdig (pipe tables), the chart embedded as a data URI: one self-contained file.</summary>
    public static string Html(IReadOnlyList<Block> blocks, string title)
    {
        var chart = blocks.OfType<Chart>().FirstOrDefault();
        var md = Markdown(blocks, chart is null ? "" : "data:image/png;base64," + Convert.ToBase64String(chart.Png));
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
        var body = Markdig.Markdown.ToHtml(md, pipeline);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{WebUtility.HtmlEncode(title)}}: valuation report</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; }
            th { background: #f3f3f3; }
            img { max-width: 100%; }
            </style>
            </head>
            <body>
            {{body}}
            </body>
            </html>
            """;
    }

    /// <summary>PDF through SkiaSharp's PDF backend: A4 landscape pages, headings, wrapped paragraphs, monospace tables, the chart.</summary>
    public static void Pdf(IReadOnlyList<Block> blocks, Stream output)
    {
        const float width = 842, height = 595, margin = 36;
        using var doc = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = "Valuation report", Creator = "Charta", Producer = "Charta" });
        var sans = Typeface("DejaVu Sans", "DejaVuSans.ttf");
        var bold = Typeface("DejaVu Sans", "DejaVuSans-Bold.ttf", SKFontStyle.Bold);
        var mono = Typeface("DejaVu Sans Mono", "DejaVuSansMono.ttf");
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        SKCanvas? canvas = null;
        float y = 0;
        void NewPage()
        {
            if (canvas is not null) doc.EndPage();
            canvas = doc.BeginPage(width, height);
            y = margin;
        }

        void Line(string text, SKFont font, float x = margin)
        {
            if (canvas is null || y + font.Size * 1.4f > height - margin) NewPage();
            y += font.Size * 1.3f;
            canvas!.DrawText(text, x, y, SKTextAlign.Left, font, paint);
        }

        NewPage();
        foreach (var b in blocks)
        {
            switch (b)
            {
                case Heading h:
                    using (var f = Font(bold, h.Level == 1 ? 16 : 12))
                    {
                        y += h.Level == 1 ? 0 : 8;
                        if (y > height - margin - 100) NewPage(); // keep a heading with what follows it
                        Line(h.Text, f);
                    }

                    break;
                case Paragraph p:
                    using (var f = Font(sans, 9))
                        foreach (var l in Wrap(p.Text.Replace("**", "").Replace("`", ""), f, width - 2 * margin)) Line(l, f);
                    y += 4;
                    break;
                case Table t:
                    var cols = t.Header.Count;
                    var widths = new int[cols];
                    foreach (var row in t.Rows.Prepend(t.Header))
                        for (var c = 0; c < cols && c < row.Count; c++) widths[c] = Math.Max(widths[c], row[c].Length);
                    var chars = widths.Sum() + 2 * (cols - 1);
                    string Render(IReadOnlyList<string> row) => string.Join("  ", Enumerable.Range(0, cols).Select(c =>
                    {
                        var cell = c < row.Count ? row[c] : "";
                        return t.RightAligned.Contains(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]);
                    })).TrimEnd();
                    var lines = t.Rows.Select(Render).Prepend(new string('-', chars)).Prepend(Render(t.Header)).ToArray();
                    // Shrink the font until the widest line fits the page, measured with the font in use.
                    float size;
                    using (var probe = Font(mono, 10))
                        size = Math.Clamp(10 * (width - 2 * margin) / Math.Max(1f, lines.Max(l => probe.MeasureText(l))), 3.5f, 8.5f);
                    using (var f = Font(mono, size))
                        foreach (var l in lines) Line(l, f);

                    y += 6;
                    break;
                case Chart c:
                    using (var image = SKImage.FromEncodedData(c.Png))
                    {
                        var w = width - 2 * margin;
                        var h = w * image.Height / image.Width;
                        if (h > height - 2 * margin)
                        {
                            h = height - 2 * margin - 20;
                            w = h * image.Width / image.Height;
                        }

                        if (y + h > height - margin) NewPage();
                        canvas!.DrawImage(image, SKRect.Create(margin, y + 4, w, h));
                        y += h + 8;
                    }

                    using (var f = Font(sans, 8)) Line(c.Caption, f);
                    break;
            }
        }

        doc.EndPage();
        doc.Close();
    }

    /// <summary>Unhinted, with fractional advances: text is measured and laid out in points, not rounded to whole pixels.</summary>
    private static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true };

    private static IEnumerable<string> Wrap(string text, SKFont font, float max)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && font.MeasureText(candidate) > max)
            {
                yield return line.ToString();
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>A font by family name; without a font configuration, the DejaVu file where Linux installs it; else Skia's default.</summary>
    private static SKTypeface Typeface(string family, string file, SKFontStyle? style = null)
    {
        var t = SKTypeface.FromFamilyName(family, style ?? SKFontStyle.Normal);
        if (t is not null && t.FamilyName == family) return t;
        foreach (var dir in new[] { "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF" })
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } f) return f;
        }

        return t ?? SKTypeface.Default;
    }
}
