using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdTable = Markdig.Extensions.Tables.Table;
using MdBlock = Markdig.Syntax.Block;

namespace Charta.Documents;

/// <summary>
/// The documents Charta produces (the §6(g)(ii) certificate, the §6(h) notice): Markdown is the source; HTML is made
/// from it with Markdig; PDF is typeset from the same Markdown syntax tree (headings, paragraphs with bold, lists,
/// tables with their column alignment) on A4 pages, in the PDF standard fonts Helvetica and Helvetica-Bold, with the
/// Symbol font for the arrows and signs WinAnsi lacks (→ ≤ ≥ −). No font file and no clock: the bytes depend only on
/// the text.
/// </summary>
public static class MarkdownDocuments
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static string Html(string markdown, string title)
    {
        var body = Markdown.ToHtml(markdown, Pipeline);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + "</title>\n"
            + "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
            + "table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.2em .6em}th{border-bottom:2px solid #444}</style>\n"
            + "</head><body>\n" + body + "</body></html>\n";
    }

    public static byte[] Pdf(string markdown) => new PdfTypesetter().Typeset(Markdown.Parse(markdown, Pipeline));

    /// <summary>A run of text in one weight.</summary>
    private readonly record struct Run(string Text, bool Bold);

    private sealed class PdfTypesetter
    {
        private const double PageWidth = 595, PageHeight = 842, Left = 56, Right = 56, Top = 64, Bottom = 64;
        private const double Width = PageWidth - Left - Right;
        private readonly List<StringBuilder> _pages = [];
        private StringBuilder _page = new();
        private double _y;

        public byte[] Typeset(MarkdownDocument doc)
        {
            NewPage();
            foreach (var block in doc) Block(block, 0);
            return Assemble();
        }

        private void NewPage()
        {
            _page = new StringBuilder();
            _pages.Add(_page);
            _y = PageHeight - Top;
        }

        private void Need(double height)
        {
            if (_y - height < Bottom) NewPage();
        }

        private void Block(MdBlock block, double indent)
        {
            switch (block)
            {
                case HeadingBlock h:
                    var size = h.Level switch { 1 => 16.0, 2 => 13.0, _ => 11.0 };
                    _y -= h.Level == 1 ? 0 : size * 0.8;
                    Need(size * 2.4);
                    Paragraph([.. Runs(h.Inline, bold: true)], size, size * 1.25, indent);
                    _y -= size * 0.4;
                    break;
                case ParagraphBlock p:
                    Paragraph([.. Runs(p.Inline, bold: false)], 10, 13, indent);
                    _y -= 6;
                    break;
                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        Need(13);
                        Text(Left + indent + 4, _y - 10, "•", false, 10);
                        var first = true;
                        foreach (var b in item)
                        {
                            if (!first) _y -= 2;
                            if (b is ParagraphBlock ip) Paragraph([.. Runs(ip.Inline, false)], 10, 13, indent + 16);
                            else Block(b, indent + 16);
                            first = false;
                        }

                        _y -= 2;
                    }

                    _y -= 4;
                    break;
                case MdTable t:
                    Table(t);
                    _y -= 8;
                    break;
                case ThematicBreakBlock:
                    Need(12);
                    _page.Append(CultureInfo.InvariantCulture, $"0.6 G 0.5 w {Left:0.##} {_y - 6:0.##} m {Left + Width:0.##} {_y - 6:0.##} l S 0 G\n");
                    _y -= 12;
                    break;
                case ContainerBlock c:
                    foreach (var b in c) Block(b, indent);
                    break;
                case LeafBlock leaf when leaf.Lines.Count > 0:
                    Paragraph([new Run(leaf.Lines.ToString(), false)], 10, 13, indent);
                    _y -= 6;
                    break;
            }
        }

        private static IEnumerable<Run> Runs(ContainerInline? inline, bool bold)
        {
            if (inline is null) yield break;
            foreach (var i in inline)
                switch (i)
                {
                    case LiteralInline l:
                        yield return new Run(l.Content.ToString(), bold);
                        break;
                    case EmphasisInline e:
                        foreach (var r in Runs(e, bold || e.DelimiterCount >= 2)) yield return r;
                        break;
                    case CodeInline c:
                        yield return new Run(c.Content, bold);
                        break;
                    case LineBreakInline:
                        yield return new Run("\n", bold);
                        break;
                    case ContainerInline ci:
                        foreach (var r in Runs(ci, bold)) yield return r;
                        break;
                }
        }

        /// <summary>Words laid out left to right and wrapped at the measure; a hard line break starts a new line.</summary>
        private void Paragraph(IReadOnlyList<Run> runs, double size, double leading, double indent)
        {
            var words = new List<Run>();
            foreach (var r in runs)
            {
                var parts = r.Text.Split('\n');
                for (var k = 0; k < parts.Length; k++)
                {
                    if (k > 0) words.Add(new Run("\n", r.Bold));
                    var pieces = parts[k].Split(' ');
                    for (var j = 0; j < pieces.Length; j++)
                        words.Add(new Run(pieces[j] + (j < pieces.Length - 1 ? " " : ""), r.Bold));
                }
            }

            var line = new List<Run>();
            double lineWidth = 0, max = Width - indent;

            void Flush()
            {
                Need(leading);
                var x = Left + indent;
                foreach (var w in line)
                {
                    Text(x, _y - size, w.Text, w.Bold, size);
                    x += Measure(w.Text, w.Bold, size);
                }

                _y -= leading;
                line.Clear();
                lineWidth = 0;
            }

            foreach (var w in words)
            {
                if (w.Text == "\n")
                {
                    Flush();
                    continue;
                }

                if (w.Text.Length == 0) continue;
                var width = Measure(w.Text.TrimEnd(), w.Bold, size);
                if (line.Count > 0 && lineWidth + width > max) Flush();
                line.Add(w);
                lineWidth += Measure(w.Text, w.Bold, size);
            }

            if (line.Count > 0) Flush();
        }

        /// <summary>A table on one line per row, columns sized to their widest cell and aligned as the Markdown says; the font shrinks (down to 6 pt) to fit the measure.</summary>
        private void Table(MdTable t)
        {
            var rows = t.OfType<TableRow>().Select(r => (r.IsHeader, Cells: r.OfType<TableCell>().Select(CellRuns).ToArray())).ToList();
            var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Length);
            if (columns == 0) return;
            const double pad = 6;
            var size = 9.0;
            double[] widths;
            while (true)
            {
                widths = new double[columns];
                foreach (var (header, cells) in rows)
                    for (var c = 0; c < cells.Length; c++)
                        widths[c] = Math.Max(widths[c], cells[c].Sum(r => Measure(r.Text, r.Bold || header, size)) + 2 * pad);
                if (widths.Sum() <= Width || size <= 6) break;
                size = Math.Max(6, size * Width / widths.Sum());
            }

            var leading = size * 1.6;
            // A table that fits on a page is kept together; a longer one keeps at least its header and a row.
            var total = rows.Count * leading;
            Need(total <= PageHeight - Top - Bottom ? total : 2 * leading);
            foreach (var (header, cells) in rows)
            {
                Need(leading);
                var x = Left;
                for (var c = 0; c < columns; c++)
                {
                    var runs = c < cells.Length ? cells[c] : [];
                    var align = c < t.ColumnDefinitions.Count ? t.ColumnDefinitions[c].Alignment : null;
                    var textWidth = runs.Sum(r => Measure(r.Text, r.Bold || header, size));
                    var tx = align switch
                    {
                        TableColumnAlign.Right => x + widths[c] - pad - textWidth,
                        TableColumnAlign.Center => x + (widths[c] - textWidth) / 2,
                        _ => x + pad,
                    };
                    foreach (var r in runs)
                    {
                        Text(tx, _y - size * 1.15, r.Text, r.Bold || header, size);
                        tx += Measure(r.Text, r.Bold || header, size);
                    }

                    x += widths[c];
                }

                var ruleY = _y - leading + 1;
                _page.Append(CultureInfo.InvariantCulture, $"{(header ? "0 G 0.8" : "0.75 G 0.4")} w {Left:0.##} {ruleY:0.##} m {Left + widths.Sum():0.##} {ruleY:0.##} l S 0 G\n");
                _y -= leading;
            }
        }

        private static Run[] CellRuns(TableCell cell) =>
            cell.OfType<ParagraphBlock>().SelectMany(p => Runs(p.Inline, false)).ToArray();

        // ---- glyphs, widths and the content stream ----

        /// <summary>Draws a run: WinAnsi text in Helvetica (F1) or Helvetica-Bold (F2), Symbol-font glyphs in F3.</summary>
        private void Text(double x, double y, string text, bool bold, double size)
        {
            foreach (var (segment, symbol) in Segments(text))
            {
                var font = symbol ? "F3" : bold ? "F2" : "F1";
                _page.Append(CultureInfo.InvariantCulture, $"BT /{font} {size:0.##} Tf {x:0.##} {y:0.##} Td (");
                foreach (var b in segment)
                {
                    if (b is (byte)'(' or (byte)')' or (byte)'\\') _page.Append('\\').Append((char)b);
                    else if (b < 32 || b > 126) _page.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    else _page.Append((char)b);
                }

                _page.Append(") Tj ET\n");
                x += segment.Sum(b => (symbol ? SymbolWidth(b) : CharWidth(b, bold)) * size / 1000.0);
            }
        }

        private static double Measure(string text, bool bold, double size) =>
            Segments(text).Sum(s => s.Bytes.Sum(b => s.Symbol ? SymbolWidth(b) : CharWidth(b, bold))) * size / 1000.0;

        /// <summary>Splits text into byte runs for the text fonts (WinAnsi) and for Symbol; unknown characters print as '?'.</summary>
        private static List<(byte[] Bytes, bool Symbol)> Segments(string text)
        {
            var result = new List<(byte[], bool)>();
            var current = new List<byte>();
            var currentSymbol = false;
            foreach (var ch in text)
            {
                bool symbol;
                byte code;
                if (SymbolCodes.TryGetValue(ch, out var s)) (symbol, code) = (true, s);
                else (symbol, code) = (false, WinAnsi(ch));
                if (current.Count > 0 && symbol != currentSymbol)
                {
                    result.Add((current.ToArray(), currentSymbol));
                    current.Clear();
                }

                currentSymbol = symbol;
                current.Add(code);
            }

            if (current.Count > 0) result.Add((current.ToArray(), currentSymbol));
            return result;
        }

        /// <summary>Characters outside WinAnsi drawn from the Symbol font, with their Symbol encoding codes.</summary>
        private static readonly Dictionary<char, byte> SymbolCodes = new()
        {
            ['→'] = 0xAE, ['←'] = 0xAC, ['≤'] = 0xA3, ['≥'] = 0xB3, ['−'] = 0x2D, ['≈'] = 0xBB, ['≠'] = 0xB9, ['∑'] = 0xE5, ['Σ'] = 0x53, ['λ'] = 0x6C,
        };

        private static double SymbolWidth(byte b) => b switch
        {
            0xAE or 0xAC => 987,
            0xA3 or 0xB3 or 0x2D or 0xBB or 0xB9 => 549,
            0xE5 => 713,
            0x53 => 592,
            0x6C => 549,
            _ => 500,
        };

        private static byte WinAnsi(char ch)
        {
            if (ch is >= ' ' and <= '~') return (byte)ch;
            if (ch is >= '\u00A0' and <= '\u00FF') return (byte)ch;
            return ch switch
            {
                '€' => 0x80, '‚' => 0x82, '„' => 0x84, '…' => 0x85, '†' => 0x86, '‡' => 0x87, '‰' => 0x89, '‘' => 0x91, '’' => 0x92,
                '“' => 0x93, '”' => 0x94, '•' => 0x95, '–' => 0x96, '—' => 0x97, '™' => 0x99,
                '⅔' => (byte)'?', // no glyph in the standard fonts
                _ => (byte)'?',
            };
        }

        /// <summary>Helvetica advance widths (AFM, units of 1/1000 em) for printable ASCII; Helvetica-Bold where it differs.</summary>
        private static readonly short[] Helvetica =
        [
            278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
            1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
            667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
            333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
            556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      // p-z { | } ~
        ];

        private static readonly short[] HelveticaBold =
        [
            278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
            975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
            667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
            333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
            611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
        ];

        private static double CharWidth(byte b, bool bold)
        {
            if (b is >= 32 and <= 126) return (bold ? HelveticaBold : Helvetica)[b - 32];
            return b switch
            {
                0xA7 => 556, // §
                0xD7 or 0xF7 => 584, // × ÷
                0x95 => 350, // •
                0x96 => 556, // –
                0x97 or 0x85 => 1000, // — …
                0xA0 => 278,
                _ => 556,
            };
        }

        private byte[] Assemble()
        {
            var objects = new List<string>
            {
                "<< /Type /Catalog /Pages 2 0 R >>",
                $"<< /Type /Pages /Kids [{string.Join(" ", _pages.Select((_, i) => $"{6 + 2 * i} 0 R"))}] /Count {_pages.Count} >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>",
            };
            for (var i = 0; i < _pages.Count; i++)
            {
                // Page number, centred in the foot.
                var foot = $"{i + 1} / {_pages.Count}";
                var footWidth = Measure(foot, false, 8);
                _pages[i].Append(CultureInfo.InvariantCulture, $"BT /F1 8 Tf {(PageWidth - footWidth) / 2:0.##} {Bottom / 2:0.##} Td ({foot}) Tj ET\n");
                var stream = _pages[i].ToString();
                objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents {7 + 2 * i} 0 R >>");
                objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}endstream");
            }

            var body = new StringBuilder("%PDF-1.4\n");
            var offsets = new List<int>();
            for (var i = 0; i < objects.Count; i++)
            {
                offsets.Add(Encoding.ASCII.GetByteCount(body.ToString()));
                body.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
            }

            var xref = Encoding.ASCII.GetByteCount(body.ToString());
            body.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
            foreach (var off in offsets) body.Append(off.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
            body.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            return Encoding.ASCII.GetBytes(body.ToString());
        }
    }
}
